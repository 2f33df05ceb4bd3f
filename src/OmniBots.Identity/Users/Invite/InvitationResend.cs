using Npgsql;
using OmniBots.Identity.Invitations;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Users.Invite;

/// <summary>Mails an invited user a new link; the previous one stops working.</summary>
internal sealed class InvitationResend(TenantDatabase database, UserTokens tokens, AccountEmails emails)
{
    public async Task<StatusChange> ResendAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        string email, name;
        await using (var command = new NpgsqlCommand("SELECT email, display_name, status FROM identity.users WHERE id = @id FOR UPDATE", connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return StatusChange.NotFound;
            }
            if (reader.GetString(2) != "invited")
            {
                return StatusChange.WrongStatus;
            }
            (email, name) = (reader.GetString(0), reader.GetString(1));
        }
        var (token, expires) = await tokens.IssueAsync(connection, tenantId, id, UserTokenPurpose.Invitation, ct);
        await transaction.CommitAsync(ct);
        await emails.InvitationAsync(email, name, token, expires, ct);
        return StatusChange.Changed;
    }
}
