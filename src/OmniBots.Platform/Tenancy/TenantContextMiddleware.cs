using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace OmniBots.Platform.Tenancy;

/// <summary>Fills the scoped <see cref="ITenantContext"/> from the authenticated principal's
/// <c>tenant_id</c> claim. In the Testing environment only, when <c>Testing:TrustTenantHeader</c>
/// is on, an <c>X-Test-Tenant</c> header may stand in for authentication (which the identity
/// module brings).</summary>
internal sealed class TenantContextMiddleware(RequestDelegate next, IHostEnvironment environment, IConfiguration configuration)
{
    public const string TenantClaim = "tenant_id";
    public const string TestHeader = "X-Test-Tenant";

    private readonly bool _trustTestHeader = environment.IsEnvironment("Testing") && configuration.GetValue<bool>("Testing:TrustTenantHeader");

    public Task InvokeAsync(HttpContext context, ITenantContext tenant)
    {
        var claim = context.User.FindFirst(TenantClaim)?.Value;
        if (claim is not null && Guid.TryParse(claim, out var fromClaim))
        {
            tenant.Set(fromClaim);
        }
        else if (_trustTestHeader && Guid.TryParse(context.Request.Headers[TestHeader], out var fromHeader))
        {
            tenant.Set(fromHeader);
        }
        return next(context);
    }
}
