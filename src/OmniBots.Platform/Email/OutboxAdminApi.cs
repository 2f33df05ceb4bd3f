using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Email;

public sealed record OutboxMessage(
    long Id, IReadOnlyList<string> To, string Subject, string? TextBody, string? HtmlBody,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record OutboxPage(IReadOnlyList<OutboxMessage> Items, long? NextBefore);

/// <summary><c>GET /api/v1/admin/outbox</c>: the mail the platform stored, newest first. Without SMTP
/// this is how a developer reads invitations and reset links, so <c>./run.sh</c> works offline.</summary>
public static class OutboxAdminApi
{
    /// <summary>Returns the group: the composition root puts it behind <c>PlatformPolicies.PlatformAdmin</c>.</summary>
    public static RouteGroupBuilder MapEmailOutboxAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/admin/outbox").WithTags("Admin: email");
        group.MapGet("", ListAsync).WithName("ListOutbox")
            .WithSummary("Lists stored email, newest first (paging: limit, before). Delivered messages no longer carry their bodies.");
        return group;
    }

    private static async Task<Results<Ok<OutboxPage>, ValidationProblem>> ListAsync(
        int? limit, long? before, TenantDatabase database, CancellationToken ct)
    {
        if (limit is < 1 or > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["Must be between 1 and 200."] });
        }
        var take = limit ?? 50;
        await using var connection = await database.OpenElevatedAsync("admin: list email outbox", ct);
        await using var command = new NpgsqlCommand("""
            SELECT id, recipients, subject, text_body, html_body, status, created_at, sent_at
            FROM platform.email_outbox WHERE (@before::bigint IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("before", before is { } b ? b : DBNull.Value);
        command.Parameters.AddWithValue("limit", take + 1);
        var items = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new OutboxMessage(reader.GetInt64(0), reader.GetFieldValue<string[]>(1),
                reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }
        var more = items.Count > take;
        if (more)
        {
            items.RemoveAt(take);
        }
        return TypedResults.Ok(new OutboxPage(items, more ? items[^1].Id : null));
    }
}
