namespace OmniBots.Gateway.Pipeline;

/// <summary>
/// The event-bus channel on which a replica that changes a key or a tenant's settings tells the others to drop
/// their in-memory copy. Payloads: <c>key:&lt;prefix&gt;</c> or <c>tenant:&lt;id&gt;</c>.
/// </summary>
internal static class GatewayConfigChanges
{
    public const string Channel = "gateway.config";

    public static string Key(string prefix) => "key:" + prefix;

    public static string Tenant(Guid tenantId) => "tenant:" + tenantId.ToString("D");
}
