using Microsoft.AspNetCore.Http;
using OmniBots.Identity.Access;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Security.Detections;

/// <summary>
/// The tenant IP allowlist on every authenticated request of a tenant's users and keys: a session
/// started inside the allowed ranges stops working from outside them. Uses the connection's remote
/// address, which ASP.NET's forwarded-headers middleware rewrites only when it is configured.
/// </summary>
internal sealed class IpAllowlistMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AccessCache cache, IpAllowlistEvents events, IProblemDetailsService problems)
    {
        if (http.User.TenantId() is { } tenantId && await cache.GetTenantAsync(tenantId, http.RequestAborted) is { } tenant
            && !IpAllowlist.Allows(tenant.Settings.IpAllowlist, http.Connection.RemoteIpAddress))
        {
            await events.RefusedAsync(tenantId, http.Connection.RemoteIpAddress, http.User.SubjectId(), null, "request", http.RequestAborted);
            var refusal = Refusals.IpNotAllowed();
            http.Response.StatusCode = refusal.StatusCode;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = refusal.StatusCode, Title = refusal.Title, Detail = "This tenant only allows requests from its allowed network addresses." },
            });
            return;
        }
        await next(http);
    }
}
