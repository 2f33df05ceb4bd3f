using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Users;

internal enum StatusChange
{
    Changed,
    NotFound,
    WrongStatus,
}

/// <summary>Suspends and resumes users: every replica hears of it at commit, and suspension ends every session.</summary>
internal sealed class UserStatusChanges(TenantDatabase database, IAccessChanges access, ISessionRevocation sessions, TimeProvider time)
{
    public async Task<StatusChange> SuspendAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        var result = await SetAsync(tenantId, id, "'suspended'", "status IN ('active', 'invited')", ct);
        if (result == StatusChange.Changed)
        {
            await sessions.RevokeAllSessionsAsync(tenantId, id, "user suspended", ct);
        }
        return result;
    }

    /// <summary>Back to active, or to invited when the user never set a password.</summary>
    public Task<StatusChange> ResumeAsync(Guid tenantId, Guid id, CancellationToken ct)
        => SetAsync(tenantId, id, "CASE WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END", "status = 'suspended'", ct);

    // status and condition are the constants above, never input.
    private async Task<StatusChange> SetAsync(Guid tenantId, Guid id, string status, string condition, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"UPDATE identity.users SET status = {status}, updated_at = @now WHERE id = @id AND {condition}", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        if (await command.ExecuteNonQueryAsync(ct) == 0)
        {
            return await UserStore.GetAsync(connection, id, ct) is null ? StatusChange.NotFound : StatusChange.WrongStatus;
        }
        await access.UserChangedAsync(tenantId, id, connection, ct);
        await transaction.CommitAsync(ct);
        return StatusChange.Changed;
    }
}
