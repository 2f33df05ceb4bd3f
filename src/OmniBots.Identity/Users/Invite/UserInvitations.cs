using OmniBots.Identity.Contracts;
using OmniBots.Identity.Invitations;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Users.Invite;

/// <summary><see cref="IUserInvitations"/>: creates the invited user with its roles and a 7-day token in
/// one transaction on a connection confined to the tenant, then mails the link and audits.</summary>
internal sealed class UserInvitations(
    PlatformDatabase database, UserTokens tokens, AccountEmails emails, IAuditLog audit, TimeProvider time) : IUserInvitations
{
    public async Task<InvitationResult> InviteAsync(Guid tenantId, string email, string displayName, string userType, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var address = UserInput.Email(errors, email);
        var name = UserInput.DisplayName(errors, displayName, required: true);
        UserInput.UserType(errors, userType, required: true);
        var codes = UserInput.Roles(errors, [.. roles], userType);
        if (errors.Count > 0)
        {
            return InvitationResult.Invalid(errors);
        }
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (userId, failure, unknown) = await UserCreation.InsertAsync(
            connection, tenantId, new NewUser(address!, name!, userType, codes), "invited", null, false, time.GetUtcNow(), ct);
        switch (failure)
        {
            case CreationFailure.EmailTaken:
                return InvitationResult.Taken();
            case CreationFailure.UnknownRoles:
                return InvitationResult.Invalid(new Dictionary<string, string[]> { ["roles"] = [$"Not roles of this tenant: {string.Join(", ", unknown)}."] });
        }
        var (token, expires) = await tokens.IssueAsync(connection, tenantId, userId!.Value, UserTokenPurpose.Invitation, ct);
        await transaction.CommitAsync(ct);
        await emails.InvitationAsync(address!, name!, token, expires, ct);
        await audit.RecordAsync(new AuditEntry("user.invited")
        {
            TenantId = tenantId, TargetType = "user", TargetId = userId.ToString(), Details = new { email = address, userType, roles = codes },
        }, ct);
        return InvitationResult.Invited(userId.Value, expires);
    }
}
