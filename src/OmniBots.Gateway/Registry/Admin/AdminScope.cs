using Npgsql;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Registry.Admin;

/// <summary>
/// Who an admin request changes: the platform (no tenant; platform tables have no row security) or the scope's
/// tenant (a connection confined to it, so another tenant's endpoints are invisible and cannot be named).
/// </summary>
internal sealed record AdminScope(Guid? TenantId)
{
    public static AdminScope Platform { get; } = new((Guid?)null);

    public bool IsPlatform => TenantId is null;

    public string EndpointsTable => IsPlatform ? "gateway.platform_endpoints" : "gateway.endpoints";
    public string EndpointModelsTable => IsPlatform ? "gateway.platform_endpoint_models" : "gateway.endpoint_models";
    public string Audience => IsPlatform ? "platform" : "tenant";
    public string BasePath => IsPlatform ? "/api/v1/admin/gateway" : "/api/v1/gateway";

    public static AdminScope Tenant(ITenantContext tenant) => new(tenant.TenantId ?? throw new TenantRequiredException());

    public Task<NpgsqlConnection> OpenAsync(PlatformDatabase database, TenantDatabase tenantDatabase, CancellationToken ct) =>
        IsPlatform ? database.Runtime.OpenConnectionAsync(ct).AsTask() : tenantDatabase.OpenAsync(ct);
}
