namespace OmniBots.Identity.Contracts;

/// <summary>Invites a user into a tenant: the user exists with status <c>invited</c> and the given
/// roles until they accept. Tenant administration uses it for a new tenant's first admin.</summary>
public interface IUserInvitations
{
    /// <summary>Creates the invited user and returns its id.</summary>
    /// <param name="roles">Role codes of the tenant to grant.</param>
    Task<Guid> InviteAsync(Guid tenantId, string email, string displayName, string userType, IReadOnlyList<string> roles, CancellationToken ct);
}
