using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Gateway.Contracts;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Cache;

/// <summary>
/// Cached chat answers: <c>gateway.cache_entries</c> (tenant-isolated, with expiry) behind an in-memory front
/// of at most 10,000 entries per replica. Only complete answers are stored (finish reason stop or tool calls):
/// errors, truncated answers (length), filtered ones and interrupted streams never are, so a hit is always an
/// answer the model finished. Expiry is checked against <see cref="TimeProvider"/> on every hit.
/// </summary>
internal sealed partial class ResponseCache(PlatformDatabase database, TimeProvider time, ILogger<ResponseCache> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly MemoryCache _front = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public static bool IsCacheable(ChatResponse response) => response.FinishReason is FinishReason.Stop or FinishReason.ToolCalls;

    public async ValueTask<ChatResponse?> GetAsync(Guid tenantId, byte[] hash, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = Key(tenantId, hash);
        if (_front.TryGetValue(key, out (ChatResponse Response, DateTimeOffset Expires) entry))
        {
            if (entry.Expires > now)
            {
                return entry.Response;
            }
            _front.Remove(key);
            return null;
        }
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = new NpgsqlCommand(
            "SELECT response, expires_at FROM gateway.cache_entries WHERE request_hash = @hash AND expires_at > @now", connection);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        var response = JsonSerializer.Deserialize<CachedAnswer>(reader.GetString(0), Json)!.ToResponse();
        Remember(key, response, reader.GetFieldValue<DateTimeOffset>(1));
        return response;
    }

    /// <summary>Remembers now in memory; the table is written in the background (a failure only costs a later miss).</summary>
    public void Store(Guid tenantId, byte[] hash, ChatResponse response, TimeSpan ttl)
    {
        if (!IsCacheable(response))
        {
            return;
        }
        var expires = time.GetUtcNow() + ttl;
        Remember(Key(tenantId, hash), response with { Route = null }, expires);
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => WriteAsync(tenantId, hash, CachedAnswer.Of(response), expires), CancellationToken.None);
        }
    }

    private void Remember(string key, ChatResponse response, DateTimeOffset expires)
        => _front.Set(key, (response, expires), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });

    private async Task WriteAsync(Guid tenantId, byte[] hash, CachedAnswer answer, DateTimeOffset expires)
    {
        try
        {
            await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, CancellationToken.None);
            await using var command = new NpgsqlCommand("""
                INSERT INTO gateway.cache_entries (tenant_id, request_hash, response, expires_at) VALUES (@tenant, @hash, @response::jsonb, @expires)
                ON CONFLICT (tenant_id, request_hash) DO UPDATE SET response = EXCLUDED.response, expires_at = EXCLUDED.expires_at, created_at = now()
                """, connection);
            command.Parameters.AddWithValue("tenant", tenantId);
            command.Parameters.AddWithValue("hash", hash);
            command.Parameters.AddWithValue("response", JsonSerializer.Serialize(answer, Json));
            command.Parameters.AddWithValue("expires", expires);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogWriteFailed(ex, tenantId);
        }
    }

    private static string Key(Guid tenantId, byte[] hash) => tenantId.ToString("N") + Convert.ToHexString(hash);

    public void Dispose() => _front.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A cache entry of tenant {TenantId} could not be stored")]
    private partial void LogWriteFailed(Exception error, Guid tenantId);

    private sealed record CachedAnswer(string? Text, IReadOnlyList<ToolCall> ToolCalls, FinishReason FinishReason, int InputTokens, int OutputTokens, string? Model, IReadOnlyList<SourceReference> Sources)
    {
        public static CachedAnswer Of(ChatResponse r) =>
            new(r.Text, r.ToolCalls, r.FinishReason, r.Usage?.InputTokens ?? 0, r.Usage?.OutputTokens ?? 0, r.Model, r.Sources);

        public ChatResponse ToResponse() => new()
        {
            Text = Text, ToolCalls = ToolCalls, FinishReason = FinishReason, Usage = new Usage(InputTokens, OutputTokens), Model = Model, Sources = Sources,
        };
    }
}
