using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Authorization;

/// <summary>
/// Makes a policy for every <c>perm:&lt;code&gt;</c> name on first use: an authenticated caller
/// holding the <c>perm</c> claim with that code. Every other name is resolved as usual.
/// </summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    private readonly ConcurrentDictionary<string, AuthorizationPolicy> _policies = new(StringComparer.Ordinal);

    public override Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(PermissionEndpointConventions.PolicyPrefix, StringComparison.Ordinal))
        {
            var code = policyName[PermissionEndpointConventions.PolicyPrefix.Length..];
            if (PermissionCatalogue.Contains(code))
            {
                return Task.FromResult<AuthorizationPolicy?>(_policies.GetOrAdd(code, static c => new AuthorizationPolicyBuilder()
                    .RequireAuthenticatedUser()
                    .RequireClaim(PlatformClaims.Permission, c)
                    .Build()));
            }
        }
        return base.GetPolicyAsync(policyName);
    }
}
