using System.Text.Json;
using Npgsql;
using OmniBots.Gateway.Registry.Admin;
using OmniBots.Gateway.Registry.Snapshot;

namespace OmniBots.Gateway.Registry.Endpoints;

/// <summary>Endpoint rows of one <see cref="AdminScope"/> (platform or the connection's tenant).</summary>
internal static class EndpointStore
{
    private static string Select(AdminScope scope) =>
        $"SELECT e.id, e.name, e.provider, e.base_url, e.region, e.credentials IS NOT NULL, e.credential_names, e.settings::text, " +
        $"e.first_byte_timeout_ms, e.total_timeout_ms, e.enabled, {(scope.IsPlatform ? "e.built_in" : "false")}, e.version, " +
        $"coalesce((SELECT jsonb_agg(jsonb_build_object('Model', m.model_code, 'UpstreamName', m.upstream_name) ORDER BY m.model_code) " +
        $"FROM {scope.EndpointModelsTable} m WHERE m.endpoint_id = e.id), '[]')::text FROM {scope.EndpointsTable} e";

    public static Task<List<EndpointView>> ListAsync(NpgsqlConnection connection, AdminScope scope, CancellationToken ct) =>
        Sql.ListAsync(connection, Select(scope) + " ORDER BY e.name", r => Read(r, scope), ct);

    public static async Task<EndpointView?> FindAsync(NpgsqlConnection connection, AdminScope scope, Guid id, CancellationToken ct) =>
        (await Sql.ListAsync(connection, Select(scope) + " WHERE e.id = @id", r => Read(r, scope), ct, ("id", id))).FirstOrDefault();

    /// <summary>The stored (protected) credentials, to keep them on a replace that sends none.</summary>
    public static async Task<string?> ProtectedCredentialsAsync(NpgsqlConnection connection, AdminScope scope, Guid id, CancellationToken ct) =>
        (await Sql.ListAsync(connection, $"SELECT credentials FROM {scope.EndpointsTable} WHERE id = @id", r => r.StringOrNull(0), ct, ("id", id))).FirstOrDefault();

    /// <summary>Inserts (id null) or replaces; <paramref name="credentials"/> null keeps the stored ones on a replace. False when the name is taken.</summary>
    public static async Task<Guid?> SaveAsync(NpgsqlConnection connection, AdminScope scope, Guid? id, EndpointValidation.Checked endpoint,
        string? protectedCredentials, IReadOnlyCollection<string>? credentialNames, CancellationToken ct)
    {
        var parameters = new (string, object?)[]
        {
            ("id", id ?? Guid.NewGuid()), ("tenant", scope.TenantId), ("name", endpoint.Name), ("provider", endpoint.Provider),
            ("url", endpoint.BaseUrl?.ToString()), ("region", endpoint.Region), ("credentials", protectedCredentials),
            ("names", credentialNames?.Order(StringComparer.Ordinal).ToArray()), ("keep", credentialNames is null),
            ("settings", JsonSerializer.Serialize(endpoint.Settings)), ("first_byte", endpoint.FirstByteMs), ("total", endpoint.TotalMs),
            ("enabled", endpoint.Enabled),
        };
        var tenantColumn = scope.IsPlatform ? "" : "tenant_id, ";
        var tenantValue = scope.IsPlatform ? "" : "@tenant, ";
        var sql = id is null
            ? $"INSERT INTO {scope.EndpointsTable} (id, {tenantColumn}name, provider, base_url, region, credentials, credential_names, settings, first_byte_timeout_ms, total_timeout_ms, enabled) " +
              $"VALUES (@id, {tenantValue}@name, @provider, @url, @region, @credentials, coalesce(@names, '{{}}'), @settings::jsonb, @first_byte, @total, @enabled) ON CONFLICT DO NOTHING"
            : $"UPDATE {scope.EndpointsTable} SET name = @name, provider = @provider, base_url = @url, region = @region, " +
              "credentials = CASE WHEN @keep THEN credentials ELSE @credentials END, credential_names = CASE WHEN @keep THEN credential_names ELSE @names END, " +
              "settings = @settings::jsonb, first_byte_timeout_ms = @first_byte, total_timeout_ms = @total, enabled = @enabled, version = version + 1, updated_at = now() WHERE id = @id";
        await using (var savepoint = Sql.Command(connection, "SAVEPOINT endpoint_save"))
        {
            await savepoint.ExecuteNonQueryAsync(ct);
        }
        try
        {
            if (await Sql.ExecuteAsync(connection, sql, ct, parameters) == 0)
            {
                return null;
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await Sql.ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT endpoint_save", ct);
            return null;
        }
        var saved = (Guid)parameters[0].Item2!;
        await Sql.ExecuteAsync(connection, $"DELETE FROM {scope.EndpointModelsTable} WHERE endpoint_id = @id", ct, ("id", saved));
        foreach (var model in endpoint.Models)
        {
            await Sql.ExecuteAsync(connection,
                $"INSERT INTO {scope.EndpointModelsTable} ({tenantColumn}endpoint_id, model_code, upstream_name) VALUES ({tenantValue}@id, @model, @upstream)", ct,
                ("tenant", scope.TenantId), ("id", saved), ("model", model.Model), ("upstream", model.UpstreamName));
        }
        return saved;
    }

    public static async Task<bool> DeleteAsync(NpgsqlConnection connection, AdminScope scope, Guid id, CancellationToken ct) =>
        await Sql.ExecuteAsync(connection, $"DELETE FROM {scope.EndpointsTable} WHERE id = @id", ct, ("id", id)) > 0;

    private static EndpointView Read(NpgsqlDataReader r, AdminScope scope) => new(
        r.GetGuid(0), scope.Audience, r.GetString(1), r.GetString(2), r.StringOrNull(3), r.StringOrNull(4), r.GetBoolean(5),
        r.GetFieldValue<string[]>(6), JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(7)) ?? [],
        r.GetInt32(8) / 1000.0, r.GetInt32(9) / 1000.0, r.GetBoolean(10), r.GetBoolean(11), r.GetInt32(12),
        JsonSerializer.Deserialize<List<EndpointModelView>>(r.GetString(13)) ?? []);
}
