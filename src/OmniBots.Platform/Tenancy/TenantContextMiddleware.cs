using Microsoft.AspNetCore.Http;
using OmniBots.Platform.Access;

namespace OmniBots.Platform.Tenancy;

/// <summary>Fills the scoped <see cref="ITenantContext"/> from the authenticated principal's
/// <c>tenant_id</c> claim: the tenant of a request is never taken from anything the caller merely says.</summary>
internal sealed class TenantContextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ITenantContext tenant)
    {
        if (context.User.FindFirst(PlatformClaims.TenantId)?.Value is { } claim && Guid.TryParse(claim, out var tenantId))
        {
            tenant.Set(tenantId);
        }
        return next(context);
    }
}
