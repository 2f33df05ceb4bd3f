using System.Net;

namespace OmniBots.Identity.Security.Detections;

/// <summary>One open event per tenant and address per hour: an address retrying, or a signed-in browser polling, must not flood the list.</summary>
internal sealed class IpAllowlistEvents(SecurityEventStore events, TimeProvider time)
{
    public async Task RefusedAsync(Guid tenantId, IPAddress? ip, Guid? userId, string? account, string where, CancellationToken ct)
    {
        if (await events.HasOpenAsync(tenantId, SecurityEventTypes.IpNotAllowed, ip, time.GetUtcNow().AddHours(-1), ct))
        {
            return;
        }
        await events.WriteAsync(new NewSecurityEvent(tenantId, SecurityEventTypes.IpNotAllowed, "medium", 50, ip, userId, account, "block", new { where }), ct);
    }
}
