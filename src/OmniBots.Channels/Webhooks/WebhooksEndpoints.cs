using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Channels.Webhooks;

/// <summary><c>/api/v1/webhooks</c>: a tenant's subscriptions to conversation events (CHAN-6). Reading needs
/// <c>integrations.read</c>, changing <c>integrations.write</c>. The secret is in the create and rotate answers only.</summary>
internal static class WebhooksEndpoints
{
    private const int MaxDeliveries = 200;

    public static void MapWebhooks(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapGet("", async (WebhookStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .RequirePermission(Permissions.Integrations.Read).WithName("ListWebhooks").WithSummary("Lists the tenant's webhook subscriptions.");
        group.MapGet("/{id:guid}", async Task<Results<Ok<WebhookView>, NotFound>> (Guid id, WebhookStore store, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .RequirePermission(Permissions.Integrations.Read).WithName("GetWebhook");
        group.MapPost("", CreateAsync).RequirePermission(Permissions.Integrations.Write)
            .WithName("CreateWebhook").WithSummary("Subscribes a URL to conversation events. The signing secret is in this response only.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequirePermission(Permissions.Integrations.Write)
            .WithName("UpdateWebhook").WithSummary("Changes the URL, event types, description, or enables/disables the subscription.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permissions.Integrations.Write).WithName("DeleteWebhook");
        group.MapPost("/{id:guid}/rotate-secret", RotateAsync).RequirePermission(Permissions.Integrations.Write)
            .WithName("RotateWebhookSecret").WithSummary("Replaces the signing secret at once; the new one is in this response only.");
        group.MapPost("/{id:guid}/test", TestAsync).RequirePermission(Permissions.Integrations.Write)
            .WithName("TestWebhook").WithSummary("Sends a signed webhook.test ping now and returns how the receiver answered.");
        group.MapGet("/{id:guid}/deliveries", DeliveriesAsync).RequirePermission(Permissions.Integrations.Read)
            .WithName("ListWebhookDeliveries").WithSummary("Delivery attempts, newest first (limit, before).");
    }

    private static async Task<Results<Created<CreatedWebhook>, ValidationProblem>> CreateAsync(
        WebhookRequest request, WebhookStore store, ITenantContext tenant, IOptions<WebhookOptions> options, IAuditLog audit, CancellationToken ct)
    {
        var errors = WebhookValidation.Check(request, partial: false, options.Value.AllowPrivateNetworks);
        if (errors.Count == 0 && await store.CountAsync(ct) >= options.Value.MaxSubscriptionsPerTenant)
        {
            errors["url"] = [$"A tenant has at most {options.Value.MaxSubscriptionsPerTenant} webhook subscriptions."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var created = await store.CreateAsync(tenant.TenantId!.Value, request.Url!.Trim(), Blank(request.Description),
            WebhookValidation.Normalize(request.EventTypes)!, request.Enabled ?? true, ct);
        await audit.RecordAsync(new AuditEntry("webhook.created") { TargetType = "webhook", TargetId = created.Webhook.Id.ToString() }, ct);
        return TypedResults.Created($"/api/v1/webhooks/{created.Webhook.Id}", created);
    }

    private static async Task<Results<Ok<WebhookView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, WebhookRequest request, WebhookStore store, IOptions<WebhookOptions> options, IAuditLog audit, CancellationToken ct)
    {
        var errors = WebhookValidation.Check(request, partial: true, options.Value.AllowPrivateNetworks);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var changes = new WebhookChanges(request.Url?.Trim(), request.Description?.Trim(), WebhookValidation.Normalize(request.EventTypes), request.Enabled);
        if (await store.UpdateAsync(id, changes, ct) is not { } view)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("webhook.updated") { TargetType = "webhook", TargetId = id.ToString(), Details = new { request.Enabled } }, ct);
        return TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, WebhookStore store, IAuditLog audit, CancellationToken ct)
    {
        if (!await store.DeleteAsync(id, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("webhook.deleted") { TargetType = "webhook", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RotatedSecret>, NotFound>> RotateAsync(Guid id, WebhookStore store, IAuditLog audit, CancellationToken ct)
    {
        if (await store.RotateSecretAsync(id, ct) is not { } rotated)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("webhook.secret_rotated") { TargetType = "webhook", TargetId = id.ToString() }, ct);
        return TypedResults.Ok(rotated);
    }

    private static async Task<Results<Ok<DeliveryOutcome>, NotFound>> TestAsync(Guid id, WebhookPing ping, CancellationToken ct)
        => await ping.SendAsync(id, ct) is { } outcome ? TypedResults.Ok(outcome) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, NotFound, ValidationProblem>> DeliveriesAsync(
        Guid id, int? limit, DateTimeOffset? before, WebhookStore store, CancellationToken ct)
    {
        if (limit is < 1 or > MaxDeliveries)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {MaxDeliveries}."] });
        }
        if (await store.FindAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await store.ListDeliveriesAsync(id, limit ?? 50, before, ct));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
