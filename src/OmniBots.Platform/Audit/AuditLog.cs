using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Access;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Audit;

/// <summary>Writes entries synchronously: an audit entry that was acknowledged is committed.</summary>
internal sealed class AuditLog(TenantDatabase database, ITenantContext tenant, IHttpContextAccessor http) : IAuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(AuditEntry entry, CancellationToken ct)
    {
        var context = http.HttpContext;
        var tenantId = entry.TenantId ?? tenant.TenantId;
        var actor = entry.Actor ?? ActorOf(context);
        // A tenant entry goes through the tenant's own scope when it is the request's tenant, so
        // row-level security checks it; platform entries and staff acting on a tenant are elevated.
        await using var connection = tenantId is { } id && id == tenant.TenantId
            ? await database.OpenAsync(ct)
            : await database.OpenElevatedAsync($"audit: {entry.Action}", ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO platform.audit_log
                (tenant_id, actor_type, actor_id, actor_name, action, target_type, target_id, result, ip, user_agent, request_id, details)
            VALUES (@tenant, @actor_type, @actor_id, @actor_name, @action, @target_type, @target_id, @result, @ip, @user_agent, @request_id, @details)
            """, connection);
        command.Parameters.AddWithValue("tenant", (object?)tenantId ?? DBNull.Value);
        command.Parameters.AddWithValue("actor_type", actor.Type);
        command.Parameters.AddWithValue("actor_id", (object?)actor.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("actor_name", (object?)actor.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("target_type", (object?)entry.TargetType ?? DBNull.Value);
        command.Parameters.AddWithValue("target_id", (object?)entry.TargetId ?? DBNull.Value);
        command.Parameters.AddWithValue("result", entry.Result.ToString().ToLowerInvariant());
        command.Parameters.Add(new NpgsqlParameter("ip", NpgsqlDbType.Inet) { Value = (object?)context?.Connection.RemoteIpAddress ?? DBNull.Value });
        command.Parameters.AddWithValue("user_agent", (object?)Truncate(context?.Request.Headers.UserAgent.ToString()) ?? DBNull.Value);
        command.Parameters.AddWithValue("request_id", (object?)context?.TraceIdentifier ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(entry.Details ?? new { }, Json) });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static AuditActor ActorOf(HttpContext? context)
    {
        var user = context?.User;
        if (user?.Identity?.IsAuthenticated != true)
        {
            return new AuditActor(context is null ? "system" : "anonymous", null, null);
        }
        var type = user.FindFirst(PlatformClaims.PlatformRole) is not null ? "platform_user"
            : user.FindFirst(PlatformClaims.ActorType)?.Value ?? "user";
        return new AuditActor(type, user.FindFirst(PlatformClaims.Subject)?.Value, user.Identity.Name);
    }

    private static string? Truncate(string? value) => string.IsNullOrEmpty(value) ? null : value.Length > 512 ? value[..512] : value;
}
