using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Bots.Common;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Bots.Secrets;

/// <param name="Value">Write-only. Required when creating; omitted on an update to keep the stored value.</param>
internal sealed record PutSecretRequest(string? Value, string? Description);

/// <summary>
/// <c>/api/v1/secrets</c>: the tenant's values for <c>{{env.X}}</c> in flows and tools. Values are write-only: no
/// response, log or audit entry carries one. Permission integrations.read / integrations.write (the people who
/// connect the tenant's outside services hold the credentials for them).
/// </summary>
internal static class SecretsEndpoints
{
    public static void MapSecrets(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/secrets").WithTags("Secrets").RequirePermission(Permissions.Integrations.Read);
        group.MapGet("", async (SecretStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct))).WithName("ListSecrets");
        group.MapGet("/{name}", async Task<Results<Ok<SecretView>, NotFound>> (string name, SecretStore store, CancellationToken ct)
            => await store.FindAsync(name, ct) is { } secret ? TypedResults.Ok(secret) : TypedResults.NotFound()).WithName("GetSecret");
        group.MapPut("/{name}", PutAsync).RequirePermission(Permissions.Integrations.Write).WithName("PutSecret")
            .WithSummary("Creates or replaces a secret (the value is never returned).");
        group.MapDelete("/{name}", DeleteAsync).RequirePermission(Permissions.Integrations.Write).WithName("DeleteSecret");
    }

    private static async Task<Results<Created<SecretView>, Ok<SecretView>, ValidationProblem>> PutAsync(
        string name, PutSecretRequest request, ClaimsPrincipal user, SecretStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!SecretStore.NamePattern().IsMatch(name))
        {
            errors.Add("name", "1 to 64 upper-case letters, digits and '_', starting with a letter (e.g. ORDERS_API_KEY).");
        }
        if (request.Value is { Length: 0 or > SecretStore.MaxValueLength })
        {
            errors.Add("value", $"1 to {SecretStore.MaxValueLength} characters.");
        }
        var description = request.Description is null ? null : errors.Text("description", request.Description, 500, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }
        var (secret, created) = await store.UpsertAsync(user.TenantId()!.Value, user.SubjectId(), name, request.Value, description, ct);
        if (secret is null)
        {
            errors.Add("value", "Required when creating a secret.");
            return TypedResults.ValidationProblem(errors.All);
        }
        await audit.RecordAsync(new AuditEntry(created ? "secret.created" : "secret.updated")
        {
            TargetType = "secret", TargetId = name, Details = new { valueChanged = request.Value is not null },
        }, ct);
        return created ? TypedResults.Created($"/api/v1/secrets/{name}", secret) : TypedResults.Ok(secret);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string name, ClaimsPrincipal user, SecretStore store, IAuditLog audit, CancellationToken ct)
    {
        if (!await store.DeleteAsync(user.TenantId()!.Value, name, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("secret.deleted") { TargetType = "secret", TargetId = name }, ct);
        return TypedResults.NoContent();
    }
}
