using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Mfa;

internal sealed record MfaVerifyRequest(string? Ticket, string? Code, string? RecoveryCode, bool TrustDevice);

internal sealed record MfaEnrolRequest(string? Ticket);

internal sealed record MfaEnrolConfirmRequest(string? Ticket, string? Code, bool TrustDevice);

/// <param name="QrCodePng">Base64 PNG of <see cref="OtpauthUri"/>.</param>
internal sealed record TicketEnrolmentResponse(string Secret, string OtpauthUri, string QrCodePng, string QrCodeSvg);

/// <summary>
/// <c>/api/v1/auth/mfa*</c>: anonymous steps that turn a sign-in ticket into a session. The ticket is
/// the only credential, so every refusal is the same 401 and wrong codes are counted on it.
/// </summary>
internal static class AuthMfaEndpoints
{
    public static void MapAuthMfa(this RouteGroupBuilder auth)
    {
        auth.MapPost("/mfa", VerifyAsync).AllowAnonymous().RequireRateLimiting(Security.IdentityRateLimits.Mfa).WithName("CompleteMfaSignIn")
            .WithSummary("Completes a sign-in that answered mfaRequired, with an authenticator code or a recovery code.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/mfa/enrol", EnrolAsync).AllowAnonymous().RequireRateLimiting(Security.IdentityRateLimits.Mfa).WithName("EnrolMfaAtSignIn")
            .WithSummary("For a sign-in that answered mfaEnrolmentRequired: a new TOTP secret, its otpauth URI and QR codes.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/mfa/enrol/confirm", ConfirmAsync).AllowAnonymous().RequireRateLimiting(Security.IdentityRateLimits.Mfa).WithName("ConfirmMfaAtSignIn")
            .WithSummary("Confirms the enrolment with a first code: the recovery codes (shown once) and the session.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static ProblemHttpResult TicketRefused()
        => TypedResults.Problem("The MFA ticket is invalid, expired, used or out of attempts: sign in again.",
            statusCode: StatusCodes.Status401Unauthorized, title: "MFA ticket refused");

    private static async Task<Results<Ok<MfaSignInResponse>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        MfaVerifyRequest request, HttpContext http, MfaTickets tickets, MfaStore store, TotpEnrolment totp, MfaCompletion completion, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        MfaValidation.RequireTicket(request.Ticket, errors);
        var hasCode = !string.IsNullOrEmpty(request.Code);
        var hasRecovery = !string.IsNullOrEmpty(request.RecoveryCode);
        if (hasCode == hasRecovery)
        {
            errors["code"] = ["Send either code (6 digits from the authenticator) or recoveryCode."];
        }
        else if (hasCode)
        {
            MfaValidation.RequireCode(request.Code, errors);
        }
        else if (request.RecoveryCode!.Length > MfaValidation.MaxRecoveryCodeLength)
        {
            errors["recoveryCode"] = [$"At most {MfaValidation.MaxRecoveryCodeLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await tickets.FindAsync(request.Ticket, MfaTicketPurposes.Verify, ct) is not { } ticket)
        {
            return TicketRefused();
        }
        await using var connection = await store.OpenAsync(ticket.TenantId, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var accepted = hasCode
            ? await totp.CheckAsync(connection, transaction, ticket.TenantId, ticket.UserId, request.Code!, confirm: false, ct) == TotpCheck.Accepted
            : await store.UseRecoveryCodeAsync(connection, transaction, ticket.UserId, request.RecoveryCode!, ct);
        if (!accepted)
        {
            await transaction.RollbackAsync(ct);
            return await WrongCodeAsync(ticket, tickets, audit, hasCode ? "code" : "recoveryCode", ct);
        }
        var response = await completion.FinishAsync(http, connection, transaction, ticket, request.TrustDevice, null,
            "mfa.verified", hasCode ? "totp" : "recovery_code", ct);
        return response is null ? TicketRefused() : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<TicketEnrolmentResponse>, ValidationProblem, ProblemHttpResult>> EnrolAsync(
        MfaEnrolRequest request, MfaTickets tickets, MfaStore store, TotpEnrolment totp, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        MfaValidation.RequireTicket(request.Ticket, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await tickets.FindAsync(request.Ticket, MfaTicketPurposes.Enrol, ct) is not { } ticket
            || await store.FindUserAsync(ticket.TenantId, ticket.UserId, ct) is not { } user)
        {
            return TicketRefused();
        }
        if (await totp.BeginAsync(ticket.TenantId, ticket.UserId, user.Email, ct) is not { } view)
        {
            return AlreadyEnrolled();
        }
        return TypedResults.Ok(new TicketEnrolmentResponse(view.Secret, view.OtpauthUri,
            Convert.ToBase64String(QrCodes.Png(view.OtpauthUri)), QrCodes.Svg(view.OtpauthUri)));
    }

    private static async Task<Results<Ok<MfaSignInResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        MfaEnrolConfirmRequest request, HttpContext http, MfaTickets tickets, MfaStore store, TotpEnrolment totp, MfaCompletion completion, IAuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        MfaValidation.RequireTicket(request.Ticket, errors);
        MfaValidation.RequireCode(request.Code, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await tickets.FindAsync(request.Ticket, MfaTicketPurposes.Enrol, ct) is not { } ticket)
        {
            return TicketRefused();
        }
        await using var connection = await store.OpenAsync(ticket.TenantId, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        switch (await totp.CheckAsync(connection, transaction, ticket.TenantId, ticket.UserId, request.Code!, confirm: true, ct))
        {
            case TotpCheck.NotEnrolled:
                return TypedResults.Problem("Start the enrolment first (POST /api/v1/auth/mfa/enrol).", statusCode: StatusCodes.Status409Conflict, title: "No enrolment pending");
            case TotpCheck.Wrong:
                await transaction.RollbackAsync(ct);
                return await WrongCodeAsync(ticket, tickets, audit, "code", ct);
        }
        var codes = await store.NewRecoveryCodesAsync(connection, transaction, ticket.TenantId, ticket.UserId, ct);
        var response = await completion.FinishAsync(http, connection, transaction, ticket, request.TrustDevice, codes, "mfa.enrolled", "totp", ct);
        return response is null ? TicketRefused() : TypedResults.Ok(response);
    }

    internal static ProblemHttpResult AlreadyEnrolled()
        => TypedResults.Problem("An authenticator is enrolled already; an administrator can reset it.", statusCode: StatusCodes.Status409Conflict, title: "MFA already enrolled");

    private static async Task<ValidationProblem> WrongCodeAsync(MfaTicket ticket, MfaTickets tickets, IAuditLog audit, string field, CancellationToken ct)
    {
        var left = await tickets.FailAsync(ticket, ct);
        await audit.RecordAsync(new AuditEntry("mfa.verify_failed", AuditResult.Failure)
        {
            TenantId = ticket.TenantId,
            Actor = new AuditActor("user", ticket.UserId.ToString(), null),
            TargetType = "user",
            TargetId = ticket.UserId.ToString(),
            Details = new { attemptsLeft = left },
        }, ct);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            [field] = [left > 0 ? $"The code is not right ({left} attempts left on this ticket)." : "The code is not right, and this ticket is used up: sign in again."],
        });
    }
}
