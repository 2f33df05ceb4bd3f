using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Purge;
using OmniBots.Platform.Access;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Tenants;

/// <summary><c>/api/v1/admin/tenants</c> (SPEC TEN-1, TEN-2): super admins administer every tenant,
/// partner admins those of their partner; another partner's tenant answers 404.</summary>
internal static partial class TenantsEndpoints
{
    private const int MaxLimit = 200;
    private static readonly string[] Statuses = ["active", "suspended", "deleting"];

    public static void MapTenants(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/tenants").WithTags("Tenants")
            .RequireAuthorization(policy => policy.RequireClaim(PlatformClaims.PlatformRole, PlatformClaims.SuperAdmin, PlatformClaims.PartnerAdmin));
        group.MapPost("", CreateAsync).WithName("CreateTenant")
            .WithSummary("Creates and provisions a tenant and invites its first admin.");
        group.MapGet("", ListAsync).WithName("ListTenants").WithSummary("Lists tenants (paging by offset and limit, filter by status).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTenant");
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateTenant").WithSummary("Renames a tenant or replaces its settings.");
        group.MapPost("/{id:guid}/suspend", SuspendAsync).WithName("SuspendTenant")
            .WithSummary("Suspends a tenant: sign-in is refused and every session of its users is revoked.");
        group.MapPost("/{id:guid}/resume", ResumeAsync).WithName("ResumeTenant");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTenant")
            .WithSummary("Marks the tenant deleting (sign-in refused at once) and queues the purge of all its data.");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();

    private static async Task<Results<Created<CreatedTenant>, ValidationProblem>> CreateAsync(
        CreateTenantRequest request, ClaimsPrincipal user, TenantAdminStore store, IUserInvitations invitations, IAuditLog audit, CancellationToken ct)
    {
        var caller = StaffCaller.Of(user);
        var errors = new Dictionary<string, string[]>();
        var name = CheckName(request.Name, errors);
        var slug = request.Slug?.Trim() ?? "";
        if (!SlugPattern().IsMatch(slug))
        {
            errors["slug"] = ["2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit."];
        }
        var settings = request.Settings ?? new TenantSettings();
        CheckSettings(settings, errors);
        var partnerId = request.PartnerId ?? (caller.IsSuperAdmin ? null : caller.PartnerId);
        // A partner the caller may not use reads like one that does not exist.
        if (partnerId is not { } partner || !caller.MayAdminister(partner) || !await store.PartnerExistsAsync(partner, ct))
        {
            errors["partnerId"] = ["An existing partner you administer is required."];
        }
        var email = request.Admin?.Email?.Trim() ?? "";
        if (!EmailAddress.IsValid(email))
        {
            errors["admin.email"] = ["A valid email address is required."];
        }
        var adminName = request.Admin?.Name?.Trim() ?? "";
        if (adminName.Length is 0 or > 200)
        {
            errors["admin.name"] = ["A name of 1 to 200 characters is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var tenant = await store.CreateAsync(partnerId!.Value, name, slug, settings, ct);
        if (tenant is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["slug"] = [$"The slug '{slug}' is taken."] });
        }
        await audit.RecordAsync(new AuditEntry("tenant.created")
        {
            TenantId = tenant.Id, TargetType = "tenant", TargetId = tenant.Id.ToString(), Details = new { name, slug, partnerId },
        }, ct);
        // The email and name were validated above and the tenant is new, so the invitation cannot
        // meet a taken email or bad input; anything else is a fault, not the caller's.
        var invited = await invitations.InviteAsync(tenant.Id, email, adminName, SystemRoles.TenantAdmin, [SystemRoles.TenantAdmin], ct);
        var adminId = invited.UserId ?? throw new InvalidOperationException(
            $"Inviting the first admin of tenant {tenant.Id} failed: {string.Join("; ", invited.Errors.SelectMany(e => e.Value))}");
        return TypedResults.Created($"/api/v1/admin/tenants/{tenant.Id}", new CreatedTenant(tenant, adminId));
    }

    private static async Task<Results<Ok<TenantPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, TenantAdminStore store, CancellationToken ct, string? status = null, int offset = 0, int limit = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
        {
            errors["status"] = ["Must be active, suspended or deleting."];
        }
        if (offset < 0)
        {
            errors["offset"] = ["Must be 0 or more."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await store.ListAsync(StaffCaller.Of(user), status, offset, limit, ct));
    }

    private static async Task<Results<Ok<TenantView>, NotFound>> GetAsync(Guid id, ClaimsPrincipal user, TenantAdminStore store, CancellationToken ct)
        => await store.FindAsync(StaffCaller.Of(user), id, ct) is { } tenant ? TypedResults.Ok(tenant) : TypedResults.NotFound();

    private static async Task<Results<Ok<TenantView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, UpdateTenantRequest request, ClaimsPrincipal user, TenantAdminStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name is null ? null : CheckName(request.Name, errors);
        if (request.Settings is { } settings)
        {
            CheckSettings(settings, errors);
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var tenant = await store.UpdateAsync(StaffCaller.Of(user), id, name, request.Settings, ct);
        if (tenant is null)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("tenant.updated")
        {
            TenantId = id, TargetType = "tenant", TargetId = id.ToString(),
            Details = new { name, settings = request.Settings },
        }, ct);
        return TypedResults.Ok(tenant);
    }

    private static async Task<Results<Ok<TenantView>, NotFound, ProblemHttpResult>> SuspendAsync(
        Guid id, ClaimsPrincipal user, TenantAdminStore store, ISessionRevocation sessions, IAuditLog audit, CancellationToken ct)
    {
        var tenant = await store.SetStatusAsync(StaffCaller.Of(user), id, ["active", "suspended"], "suspended", ct);
        if (tenant is null)
        {
            return TypedResults.NotFound();
        }
        if (tenant.Status != "suspended")
        {
            return Conflict($"The tenant is {tenant.Status}.");
        }
        // Sign-in and every request already refuse a suspended tenant; revoking also ends refresh tokens.
        var revoked = 0;
        foreach (var userId in await store.UserIdsAsync(id, ct))
        {
            revoked += await sessions.RevokeAllSessionsAsync(id, userId, "tenant suspended", ct);
        }
        await audit.RecordAsync(new AuditEntry("tenant.suspended") { TenantId = id, TargetType = "tenant", TargetId = id.ToString(), Details = new { revokedSessions = revoked } }, ct);
        return TypedResults.Ok(tenant);
    }

    private static async Task<Results<Ok<TenantView>, NotFound, ProblemHttpResult>> ResumeAsync(
        Guid id, ClaimsPrincipal user, TenantAdminStore store, IAuditLog audit, CancellationToken ct)
    {
        var tenant = await store.SetStatusAsync(StaffCaller.Of(user), id, ["active", "suspended"], "active", ct);
        if (tenant is null)
        {
            return TypedResults.NotFound();
        }
        if (tenant.Status != "active")
        {
            return Conflict($"The tenant is {tenant.Status}.");
        }
        await audit.RecordAsync(new AuditEntry("tenant.resumed") { TenantId = id, TargetType = "tenant", TargetId = id.ToString() }, ct);
        return TypedResults.Ok(tenant);
    }

    private static async Task<Results<Accepted<TenantView>, NotFound>> DeleteAsync(
        Guid id, ClaimsPrincipal user, TenantAdminStore store, IPlatformJobQueue jobs, IAuditLog audit, CancellationToken ct)
    {
        var tenant = await store.SetStatusAsync(StaffCaller.Of(user), id, ["active", "suspended", "deleting"], "deleting", ct);
        if (tenant is null)
        {
            return TypedResults.NotFound();
        }
        // A platform job, not the tenant's: the purge deletes the tenant's own jobs too. The idempotency
        // key makes a repeated DELETE return the same purge.
        await jobs.EnqueueAsync(new JobRequest(TenantPurgeHandler.Kind)
        {
            Payload = JsonSerializer.Serialize(new TenantPurgePayload(id), JsonSerializerOptions.Web), IdempotencyKey = $"tenancy.purge:{id}",
        }, "admin: tenant deletion", ct);
        // A platform entry (no tenant): the tenant's own entries are purged with it.
        await audit.RecordAsync(new AuditEntry("tenant.deletion_requested") { TenantId = null, TargetType = "tenant", TargetId = id.ToString() }, ct);
        return TypedResults.Accepted($"/api/v1/admin/tenants/{id}", tenant);
    }

    private static string CheckName(string? value, Dictionary<string, string[]> errors)
    {
        var name = value?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }
        return name;
    }

    private static void CheckSettings(TenantSettings settings, Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in TenantSettingsRules.Validate(settings))
        {
            errors[$"settings.{field}"] = messages;
        }
    }

    private static ProblemHttpResult Conflict(string detail)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
