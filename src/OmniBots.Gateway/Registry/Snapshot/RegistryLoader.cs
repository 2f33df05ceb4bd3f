using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Platform.Database;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Registry.Snapshot;

/// <summary>Reads the registry from the database into snapshots, unprotecting credentials on the way.</summary>
internal sealed class RegistryLoader(PlatformDatabase database, IPlatformSecretProtector platformSecrets, IServiceScopeFactory scopes)
{
    /// <summary>Purpose of the protected credentials column (a JSON object of name → value).</summary>
    public const string CredentialsPurpose = "gateway.endpoint-credentials";

    private static string EndpointColumns(string modelsTable) =>
        "e.id, e.name, e.provider, e.base_url, e.region, e.credentials, e.settings::text, e.first_byte_timeout_ms, e.total_timeout_ms, e.enabled, e.version, " +
        $"coalesce((SELECT jsonb_object_agg(m.model_code, m.upstream_name) FROM {modelsTable} m WHERE m.endpoint_id = e.id), '{{}}')::text";

    public async Task<PlatformRegistry> LoadPlatformAsync(CancellationToken ct)
    {
        await using var connection = await database.Runtime.OpenConnectionAsync(ct);
        var models = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        await foreach (var r in QueryAsync(connection, "SELECT code, type, context_tokens, dimensions, built_in FROM gateway.models", ct))
        {
            models[r.GetString(0)] = new ModelEntry(r.GetString(0), ParseType(r.GetString(1)), IntOrNull(r, 2), IntOrNull(r, 3), r.GetBoolean(4));
        }
        var prices = new List<PricePeriod>();
        await foreach (var r in QueryAsync(connection,
            "SELECT id, model_code, valid_from, valid_to, input_per_million, output_per_million, currency FROM gateway.model_prices ORDER BY valid_from", ct))
        {
            prices.Add(new PricePeriod(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateOnly>(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3), r.GetDecimal(4), r.GetDecimal(5), r.GetString(6)));
        }
        var endpoints = new Dictionary<Guid, EndpointEntry>();
        await foreach (var r in QueryAsync(connection,
            $"SELECT {EndpointColumns("gateway.platform_endpoint_models")} FROM gateway.platform_endpoints e", ct))
        {
            var entry = ReadEndpoint(r, null, value => platformSecrets.TryUnprotect(CredentialsPurpose, value));
            endpoints[entry.Id] = entry;
        }
        var routes = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        await foreach (var r in QueryAsync(connection, "SELECT model_code, endpoint_id FROM gateway.platform_route_steps ORDER BY model_code, position", ct))
        {
            Add(routes, r.GetString(0), r.GetGuid(1));
        }
        var defaults = await DefaultsAsync(connection, "gateway.platform_defaults", ct);
        return new PlatformRegistry(models,
            prices.GroupBy(p => p.ModelCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal),
            endpoints, routes.ToDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal), defaults);
    }

    public async Task<TenantRegistry> LoadTenantAsync(Guid tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId);
        var secrets = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        await using var connection = await scope.ServiceProvider.GetRequiredService<TenantDatabase>().OpenAsync(ct);
        var endpoints = new Dictionary<Guid, EndpointEntry>();
        await foreach (var r in QueryAsync(connection,
            $"SELECT {EndpointColumns("gateway.endpoint_models")} FROM gateway.endpoints e", ct))
        {
            var entry = ReadEndpoint(r, tenantId, value => secrets.TryUnprotect(CredentialsPurpose, value));
            endpoints[entry.Id] = entry;
        }
        var routes = new Dictionary<string, List<RouteStep>>(StringComparer.Ordinal);
        await foreach (var r in QueryAsync(connection,
            "SELECT model_code, coalesce(endpoint_id, platform_endpoint_id), platform_endpoint_id IS NOT NULL FROM gateway.route_steps " +
            "WHERE num_nonnulls(endpoint_id, platform_endpoint_id) = 1 ORDER BY model_code, position", ct))
        {
            Add(routes, r.GetString(0), new RouteStep(r.GetGuid(1), r.GetBoolean(2)));
        }
        var defaults = await DefaultsAsync(connection, "gateway.tenant_defaults", ct);
        return new TenantRegistry(endpoints, routes.ToDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal), defaults);
    }

    public static ModelType ParseType(string type) => type switch
    {
        "embeddings" => ModelType.Embeddings,
        "realtime" => ModelType.Realtime,
        _ => ModelType.Chat,
    };

    private static EndpointEntry ReadEndpoint(NpgsqlDataReader r, Guid? tenantId, Func<string, SecretUnprotectResult> unprotect)
    {
        IReadOnlyDictionary<string, string> credentials = new Dictionary<string, string>();
        string? unusable = null;
        if (!r.IsDBNull(5))
        {
            var result = unprotect(r.GetString(5));
            if (result.Succeeded)
            {
                credentials = JsonSerializer.Deserialize<Dictionary<string, string>>(result.Plaintext) ?? [];
            }
            else
            {
                unusable = "credentials cannot be read (" + result.Failure + ")";
            }
        }
        var baseUrl = r.IsDBNull(3) ? null : new Uri(r.GetString(3));
        return new EndpointEntry(r.GetGuid(0), tenantId, r.GetString(1), r.GetString(2), baseUrl, r.IsDBNull(4) ? null : r.GetString(4),
            credentials, JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(6)) ?? [],
            new ProviderTimeouts(TimeSpan.FromMilliseconds(r.GetInt32(7)), TimeSpan.FromMilliseconds(r.GetInt32(8))),
            r.GetBoolean(9), r.GetInt32(10), JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(11)) ?? [])
        { Unusable = unusable };
    }

    private static async Task<Dictionary<string, string>> DefaultsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var r in QueryAsync(connection, $"SELECT kind, model_code FROM {table}", ct))
        {
            defaults[r.GetString(0)] = r.GetString(1);
        }
        return defaults;
    }

    private static void Add<T>(Dictionary<string, List<T>> routes, string model, T step)
    {
        if (!routes.TryGetValue(model, out var list))
        {
            routes[model] = list = [];
        }
        list.Add(step);
    }

    private static int? IntOrNull(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static async IAsyncEnumerable<NpgsqlDataReader> QueryAsync(NpgsqlConnection connection, string sql,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return reader;
        }
    }
}
