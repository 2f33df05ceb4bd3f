using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Gateway.Providers.OpenAi;
using OmniBots.Gateway.Registry.Snapshot;
using OmniBots.Platform.Database;
using OmniBots.Platform.Secrets;

namespace OmniBots.Gateway.Registry.BuiltIn;

/// <summary>
/// Keeps the pre-registry configuration working: with <c>Gateway:OpenAi:ApiKey</c> set, each start upserts the
/// platform endpoint "openai (configuration)" (<c>BaseUrl</c>, the key protected, <c>RequestTimeout</c> as its
/// first-byte timeout) serving <c>Gateway:OpenAi:Model</c> (default gpt-4o-mini), makes that model the platform
/// default chat model unless one is set, and routes the platform default chat model to the endpoint unless that
/// model already has a platform route. Changes made through the admin API to other rows are left alone.
/// </summary>
internal sealed partial class ConfiguredOpenAiSeed(
    PlatformDatabase database, IPlatformSecretProtector secrets, RegistryCache registry,
    IOptions<OpenAiOptions> options, IConfiguration configuration, ILogger<ConfiguredOpenAiSeed> logger) : BackgroundService
{
    public const string EndpointName = "openai (configuration)";
    public const string DefaultModel = "gpt-4o-mini";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var openAi = options.Value;
        if (string.IsNullOrEmpty(openAi.ApiKey))
        {
            return;
        }
        await database.Ready.WaitAsync(stoppingToken);
        var model = configuration["Gateway:OpenAi:Model"] is { Length: > 0 } configured ? configured : DefaultModel;
        var credentials = secrets.Protect(RegistryLoader.CredentialsPurpose, JsonSerializer.Serialize(new Dictionary<string, string> { ["api_key"] = openAi.ApiKey }));
        await using var connection = await database.Runtime.OpenConnectionAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        await using (var command = new NpgsqlCommand(Sql, connection, transaction))
        {
            command.Parameters.AddWithValue("model", model);
            command.Parameters.AddWithValue("name", EndpointName);
            command.Parameters.AddWithValue("url", openAi.BaseUrl.ToString());
            command.Parameters.AddWithValue("credentials", credentials);
            command.Parameters.AddWithValue("first_byte", (int)openAi.RequestTimeout.TotalMilliseconds);
            command.Parameters.AddWithValue("total", (int)openAi.TotalTimeout.TotalMilliseconds);
            await command.ExecuteNonQueryAsync(stoppingToken);
        }
        await registry.ChangedAsync(connection, null, stoppingToken);
        await transaction.CommitAsync(stoppingToken);
        LogSeeded(logger, EndpointName, model);
    }

    private const string Sql = """
        INSERT INTO gateway.models (code, type) VALUES (@model, 'chat') ON CONFLICT (code) DO NOTHING;
        INSERT INTO gateway.platform_endpoints (name, provider, base_url, credentials, credential_names, first_byte_timeout_ms, total_timeout_ms)
        VALUES (@name, 'openai', @url, @credentials, '{api_key}', @first_byte, @total)
        ON CONFLICT (name) DO UPDATE SET base_url = EXCLUDED.base_url, credentials = EXCLUDED.credentials,
            credential_names = EXCLUDED.credential_names, first_byte_timeout_ms = EXCLUDED.first_byte_timeout_ms, total_timeout_ms = EXCLUDED.total_timeout_ms,
            version = gateway.platform_endpoints.version + 1, updated_at = now();
        INSERT INTO gateway.platform_defaults (kind, model_code) VALUES ('chat', @model) ON CONFLICT (kind) DO NOTHING;
        INSERT INTO gateway.platform_endpoint_models (endpoint_id, model_code, upstream_name)
        SELECT e.id, d.model_code, d.model_code FROM gateway.platform_endpoints e, gateway.platform_defaults d
         WHERE e.name = @name AND d.kind = 'chat'
        ON CONFLICT DO NOTHING;
        INSERT INTO gateway.platform_route_steps (model_code, position, endpoint_id)
        SELECT d.model_code, 0, e.id FROM gateway.platform_endpoints e, gateway.platform_defaults d
         WHERE e.name = @name AND d.kind = 'chat'
           AND NOT EXISTS (SELECT 1 FROM gateway.platform_route_steps s WHERE s.model_code = d.model_code);
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway: platform endpoint '{Endpoint}' upserted from Gateway:OpenAi (model {Model}).")]
    private static partial void LogSeeded(ILogger logger, string endpoint, string model);
}
