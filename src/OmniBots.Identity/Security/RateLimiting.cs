using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OmniBots.Identity.Security;

/// <summary>
/// Per-IP limits on the credential endpoints. These counters are per replica (ASP.NET's limiter):
/// they only blunt floods; the durable, shared-across-replicas defences are the database-backed
/// detections (lockout, IP block).
/// </summary>
internal static class RateLimiting
{
    public static void AddIdentityRateLimits(this IServiceCollection services)
        => services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            Add(options, IdentityRateLimits.SignIn, s => s.SignIn);
            Add(options, IdentityRateLimits.Refresh, s => s.Refresh);
            Add(options, IdentityRateLimits.Credentials, s => s.Credentials);
            Add(options, IdentityRateLimits.Mfa, s => s.Mfa);
        });

    private static void Add(RateLimiterOptions options, string policy, Func<RateLimitSettings, RateLimit> pick)
        => options.AddPolicy(policy, http =>
        {
            var limit = pick(http.RequestServices.GetRequiredService<IOptions<SecuritySettings>>().Value.RateLimits);
            var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                QueueLimit = 0,
            });
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Too many requests from this address: retry later." },
        });
    }
}
