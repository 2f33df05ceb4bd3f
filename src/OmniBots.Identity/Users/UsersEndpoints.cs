using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Access;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Users.Invite;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Users;

internal sealed record InviteUserRequest(string? Email, string? DisplayName, string? UserType, string[]? Roles);

internal sealed record InvitedUserResponse(UserView User, DateTimeOffset InvitationExpiresAt);

/// <summary>The temporary password is in this response only.</summary>
internal sealed record CreatedUserResponse(UserView User, string TemporaryPassword);

internal sealed record UpdateUserRequest(string? DisplayName, string? Locale, string? TimeZone, string? UserType);

/// <summary><c>/api/v1/users</c> (SPEC IAM-1): reading needs <c>users_roles.read</c>, changing <c>users_roles.write</c>.</summary>
internal static class UsersEndpoints
{
    private static readonly string[] Statuses = [UserStatuses.Invited, UserStatuses.Active, UserStatuses.Suspended];

    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequirePermission(Permissions.UsersRoles.Read);
        group.MapGet("", ListAsync).WithName("ListUsers")
            .WithSummary("Lists the tenant's users by email: filters status, type, search (email or name); paging offset, limit.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetUser").WithSummary("Gets one user.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/invite", InviteAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("InviteUser")
            .WithSummary("Creates an invited user and mails a single-use link valid 7 days.").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("", CreateAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("CreateUser")
            .WithSummary("Creates an active user with a temporary password, shown in this response only and to be changed at first sign-in.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/resend-invitation", ResendAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("ResendInvitation")
            .WithSummary("Mails an invited user a new link; the previous one stops working.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPatch("/{id:guid}", UpdateAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("UpdateUser")
            .WithSummary("Changes display name, locale, time zone or user type (fields left out or null are unchanged).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/suspend", SuspendAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("SuspendUser")
            .WithSummary("Suspends a user and ends all of its sessions at once.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/resume", ResumeAsync).RequirePermission(Permissions.UsersRoles.Write).WithName("ResumeUser")
            .WithSummary("Resumes a suspended user (active, or invited if it never set a password).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<UserPage>, ValidationProblem>> ListAsync(
        string? status, string? type, string? search, int? offset, int? limit, UserStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
        {
            errors["status"] = [$"One of: {string.Join(", ", Statuses)}."];
        }
        if (type is not null && !SystemRoles.UserTypes.Contains(type))
        {
            errors["type"] = [$"One of: {string.Join(", ", SystemRoles.UserTypes)}."];
        }
        if (search is { Length: > 254 })
        {
            errors["search"] = ["At most 254 characters."];
        }
        if (offset is < 0)
        {
            errors["offset"] = ["Must be 0 or more."];
        }
        if (limit is < 1 or > 200)
        {
            errors["limit"] = ["Must be between 1 and 200."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await store.ListAsync(new UserQuery(status, type, search, offset ?? 0, limit ?? 50), ct));
    }

    private static async Task<Results<Ok<UserView>, NotFound>> GetAsync(Guid id, UserStore store, CancellationToken ct)
        => await store.GetAsync(id, ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();

    private static async Task<Results<Created<InvitedUserResponse>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        InviteUserRequest request, ClaimsPrincipal principal, IUserInvitations invitations, UserStore store, CancellationToken ct)
    {
        var result = await invitations.InviteAsync(principal.TenantId()!.Value, request.Email ?? "", request.DisplayName ?? "",
            request.UserType ?? "", request.Roles ?? [], ct);
        if (result.EmailTaken)
        {
            return UserInput.Conflict("email", "This tenant already has a user with this email address.");
        }
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }
        var user = (await store.GetAsync(result.UserId!.Value, ct))!;
        return TypedResults.Created($"/api/v1/users/{user.Id}", new InvitedUserResponse(user, result.ExpiresAt!.Value));
    }

    private static async Task<Results<Created<CreatedUserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        InviteUserRequest request, ClaimsPrincipal principal, TemporaryPasswords temporary, UserStore store, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var email = UserInput.Email(errors, request.Email);
        var name = UserInput.DisplayName(errors, request.DisplayName, required: true);
        UserInput.UserType(errors, request.UserType, required: true);
        var roles = UserInput.Roles(errors, request.Roles, request.UserType);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (id, failure, unknown, password) = await temporary.CreateAsync(principal.TenantId()!.Value, new NewUser(email!, name!, request.UserType!, roles), ct);
        switch (failure)
        {
            case CreationFailure.EmailTaken:
                return UserInput.Conflict("email", "This tenant already has a user with this email address.");
            case CreationFailure.UnknownRoles:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = [$"Not roles of this tenant: {string.Join(", ", unknown)}."] });
        }
        await audit.RecordAsync(new AuditEntry("user.created")
        {
            TargetType = "user", TargetId = id.ToString(), Details = new { email, userType = request.UserType, roles, temporaryPassword = true },
        }, ct);
        var user = (await store.GetAsync(id!.Value, ct))!;
        return TypedResults.Created($"/api/v1/users/{user.Id}", new CreatedUserResponse(user, password!));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ResendAsync(
        Guid id, ClaimsPrincipal principal, InvitationResend resend, IAuditLog audit, CancellationToken ct)
    {
        switch (await resend.ResendAsync(principal.TenantId()!.Value, id, ct))
        {
            case StatusChange.NotFound:
                return TypedResults.NotFound();
            case StatusChange.WrongStatus:
                return TypedResults.Problem("Only an invited user can be sent a new invitation.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }
        await audit.RecordAsync(new AuditEntry("user.invitation_resent") { TargetType = "user", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, UpdateUserRequest request, UserStore store, IAccessChanges access, ClaimsPrincipal principal, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = UserInput.DisplayName(errors, request.DisplayName, required: false);
        UserInput.Locale(errors, request.Locale);
        UserInput.TimeZone(errors, request.TimeZone);
        UserInput.UserType(errors, request.UserType, required: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await store.UpdateAsync(id, new UserChanges(name, request.Locale, request.TimeZone, request.UserType), ct) is not { } user)
        {
            return TypedResults.NotFound();
        }
        await access.UserChangedAsync(principal.TenantId(), id, null, ct);
        await audit.RecordAsync(new AuditEntry("user.updated")
        {
            TargetType = "user", TargetId = id.ToString(),
            Details = new { displayName = name, locale = request.Locale, timeZone = request.TimeZone, userType = request.UserType },
        }, ct);
        return TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<UserView>, NotFound, ProblemHttpResult>> SuspendAsync(
        Guid id, ClaimsPrincipal principal, UserStatusChanges changes, UserStore store, IAuditLog audit, CancellationToken ct)
    {
        if (principal.SubjectId() == id && !principal.IsApiKey())
        {
            return TypedResults.Problem("You cannot suspend yourself.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }
        return await ChangeStatusAsync(id, "user.suspended", changes.SuspendAsync(principal.TenantId()!.Value, id, ct), "Only an active or invited user can be suspended.", store, audit, ct);
    }

    private static Task<Results<Ok<UserView>, NotFound, ProblemHttpResult>> ResumeAsync(
        Guid id, ClaimsPrincipal principal, UserStatusChanges changes, UserStore store, IAuditLog audit, CancellationToken ct)
        => ChangeStatusAsync(id, "user.resumed", changes.ResumeAsync(principal.TenantId()!.Value, id, ct), "Only a suspended user can be resumed.", store, audit, ct);

    private static async Task<Results<Ok<UserView>, NotFound, ProblemHttpResult>> ChangeStatusAsync(
        Guid id, string action, Task<StatusChange> change, string wrongStatus, UserStore store, IAuditLog audit, CancellationToken ct)
    {
        switch (await change)
        {
            case StatusChange.NotFound:
                return TypedResults.NotFound();
            case StatusChange.WrongStatus:
                return TypedResults.Problem(wrongStatus, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }
        await audit.RecordAsync(new AuditEntry(action) { TargetType = "user", TargetId = id.ToString() }, ct);
        return TypedResults.Ok((await store.GetAsync(id, ct))!);
    }
}
