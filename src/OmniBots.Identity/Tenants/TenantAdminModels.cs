using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Tenants;

internal sealed record TenantView(Guid Id, Guid PartnerId, string Name, string Slug, string Status, TenantSettings Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record TenantPage(IReadOnlyList<TenantView> Items, int Total, int Offset, int Limit);

internal sealed record FirstAdminRequest(string? Email, string? Name);

internal sealed record CreateTenantRequest(string? Name, string? Slug, Guid? PartnerId, TenantSettings? Settings, FirstAdminRequest? Admin);

internal sealed record CreatedTenant(TenantView Tenant, Guid AdminUserId);

internal sealed record UpdateTenantRequest(string? Name, TenantSettings? Settings);
