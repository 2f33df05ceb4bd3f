using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Identity.Access;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Sessions;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Me;

internal static class MeEndpoint
{
    public static void MapMe(this RouteGroupBuilder api)
        => api.MapGet("/me", HandleAsync).RequireAuthorization()
            .WithName("GetMe").WithTags("Auth")
            .WithSummary("Who the caller is: user or API key, tenant, user type, roles, permissions and session.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    private static async Task<Results<Ok<MeResponse>, NotFound>> HandleAsync(
        ClaimsPrincipal principal, AccessCache cache, AccountConnections connections, CancellationToken ct)
    {
        var tenantId = principal.TenantId();
        var tenant = tenantId is { } t && await cache.GetTenantAsync(t, ct) is { } state ? new MeTenant(state.TenantId, state.Slug, state.Name) : null;
        var permissions = principal.Permissions().Order(StringComparer.Ordinal).ToArray();
        if (principal.SubjectId() is not { } subject)
        {
            return TypedResults.NotFound();
        }
        await using var connection = await connections.OpenAsync(tenantId, "platform staff profile", ct);
        if (principal.IsApiKey())
        {
            var key = await ReadApiKeyAsync(connection, subject, ct);
            return key is null ? TypedResults.NotFound()
                : TypedResults.Ok(new MeResponse(IdentityClaims.ApiKeyPrincipal, null, key, tenant, null, null, [], permissions, null));
        }
        var access = await cache.GetUserAsync(tenantId, subject, ct);
        var user = await ReadUserAsync(connection, AccountTables.For(tenantId), subject, ct);
        var session = principal.SessionId() is { } sessionId ? await ReadSessionAsync(connection, AccountTables.For(tenantId), sessionId, ct) : null;
        if (access is null || user is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new MeResponse(
            principal.FindFirst(IdentityClaims.PrincipalKind)?.Value ?? IdentityClaims.UserPrincipal, user, null, tenant,
            principal.FindFirst(PlatformClaims.PlatformRole)?.Value, access.PartnerId, access.Roles, permissions, session));
    }

    private static async Task<MeUser?> ReadUserAsync(NpgsqlConnection connection, AccountTables tables, Guid id, CancellationToken ct)
    {
        var type = tables.HasTenant ? "user_type" : "NULL::text";
        await using var command = new NpgsqlCommand(
            $"SELECT email, display_name, locale, time_zone, {type}, status FROM {tables.Users} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MeUser(id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5))
            : null;
    }

    private static async Task<MeSession?> ReadSessionAsync(NpgsqlConnection connection, AccountTables tables, Guid id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT kind, created_at, last_seen_at, expires_at, idle_timeout_minutes FROM {tables.Sessions} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MeSession(id, reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4))
            : null;
    }

    private static async Task<MeApiKey?> ReadApiKeyAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT name, prefix, expires_at FROM identity.api_keys WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MeApiKey(id, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }
}
