namespace OmniBots.Identity.Contracts;

/// <summary>Invites a user to a tenant by email (SPEC IAM-1): the user is created <c>invited</c> and
/// mailed a single-use link valid 7 days. Tenant administration uses it for a tenant's first admin.</summary>
public interface IUserInvitations
{
    /// <param name="roles">Role codes of the tenant; empty gives the system role of <paramref name="userType"/>.</param>
    Task<InvitationResult> InviteAsync(Guid tenantId, string email, string displayName, string userType, IReadOnlyList<string> roles, CancellationToken ct);
}

/// <summary>Either the invited user, or why not: <see cref="Errors"/> keyed by field
/// (<c>email</c>, <c>displayName</c>, <c>userType</c>, <c>roles</c>); <see cref="EmailTaken"/> when
/// the tenant already has a user with that email (a conflict rather than bad input).</summary>
public sealed record InvitationResult(Guid? UserId, DateTimeOffset? ExpiresAt, IReadOnlyDictionary<string, string[]> Errors, bool EmailTaken)
{
    public bool Succeeded => UserId is not null;

    public static InvitationResult Invited(Guid userId, DateTimeOffset expiresAt) => new(userId, expiresAt, new Dictionary<string, string[]>(), false);
    public static InvitationResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, null, errors, false);
    public static InvitationResult Taken() => new(null, null, new Dictionary<string, string[]>(), true);
}
