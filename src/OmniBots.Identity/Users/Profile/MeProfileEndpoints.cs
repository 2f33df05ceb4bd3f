using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Users.Profile;

internal sealed record UpdateProfileRequest(string? DisplayName, string? Locale, string? TimeZone);

/// <summary><c>GET/PATCH /api/v1/me/profile</c>: a signed-in tenant user reads and edits its own name,
/// locale and time zone (not its type, status or roles). API keys and platform staff have no profile here.</summary>
internal static class MeProfileEndpoints
{
    public static void MapMeProfile(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/me/profile").WithTags("Auth").RequireAuthorization();
        group.MapGet("", GetAsync).WithName("GetMyProfile").WithSummary("The caller's own user profile.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPatch("", UpdateAsync).WithName("UpdateMyProfile").WithSummary("Changes the caller's display name, locale or time zone.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<UserView>, NotFound, ProblemHttpResult>> GetAsync(ClaimsPrincipal principal, UserStore store, CancellationToken ct)
    {
        if (Self(principal) is not { } id)
        {
            return NoProfile();
        }
        return await store.GetAsync(id, ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(
        UpdateProfileRequest request, ClaimsPrincipal principal, UserStore store, IAuditLog audit, CancellationToken ct)
    {
        if (Self(principal) is not { } id)
        {
            return NoProfile();
        }
        var errors = new Dictionary<string, string[]>();
        var name = UserInput.DisplayName(errors, request.DisplayName, required: false);
        UserInput.Locale(errors, request.Locale);
        UserInput.TimeZone(errors, request.TimeZone);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await store.UpdateAsync(id, new UserChanges(name, request.Locale, request.TimeZone, null), ct) is not { } user)
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("user.profile_updated") { TargetType = "user", TargetId = id.ToString() }, ct);
        return TypedResults.Ok(user);
    }

    private static Guid? Self(ClaimsPrincipal principal)
        => principal.IsApiKey() || principal.TenantId() is null ? null : principal.SubjectId();

    private static ProblemHttpResult NoProfile()
        => TypedResults.Problem("Only signed-in tenant users have a profile.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
