using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Mfa;

internal sealed record ConfirmTotpRequest(string? Code);

internal sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

internal sealed record MfaStatusResponse(bool Enabled, bool EnrolmentPending, DateTimeOffset? ConfirmedAt, int RecoveryCodesLeft, IReadOnlyList<TrustedDeviceView> TrustedDevices);

/// <summary>
/// <c>/api/v1/me/mfa</c>: a signed-in tenant user manages their own second factor. Only people
/// have one: API keys and platform staff are refused.
/// </summary>
internal static class MeMfaEndpoints
{
    public static void MapMeMfa(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me/mfa").WithTags("MFA").RequireAuthorization();
        group.MapGet("", StatusAsync).WithName("GetMyMfa").WithSummary("Whether MFA is on, recovery codes left and trusted devices.");
        group.MapPost("/totp", BeginAsync).WithName("EnrolTotp")
            .WithSummary("Starts TOTP enrolment: a new secret and its otpauth URI (confirm with a first code).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/totp/qr.png", PngAsync).WithName("TotpQrPng").WithSummary("The pending enrolment's QR code as PNG.");
        group.MapGet("/totp/qr.svg", SvgAsync).WithName("TotpQrSvg").WithSummary("The pending enrolment's QR code as SVG.");
        group.MapPost("/totp/confirm", ConfirmAsync).WithName("ConfirmTotp")
            .WithSummary("Confirms the enrolment with a first code; answers the 10 recovery codes, shown this once.");
        group.MapDelete("/trusted-devices/{id:guid}", RevokeDeviceAsync).WithName("RevokeTrustedDevice")
            .WithSummary("Stops a trusted device from skipping the MFA step.");
    }

    private static (Guid Tenant, Guid User)? Person(ClaimsPrincipal principal)
        => principal.HasClaim(IdentityClaims.PrincipalKind, IdentityClaims.UserPrincipal) && principal.TenantId() is { } tenant && principal.SubjectId() is { } user
            ? (tenant, user) : null;

    private static ProblemHttpResult NotAPerson()
        => TypedResults.Problem("MFA belongs to signed-in tenant users, not to API keys or platform staff.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    private static async Task<Results<Ok<MfaStatusResponse>, ProblemHttpResult>> StatusAsync(ClaimsPrincipal principal, MfaStore store, TrustedDevices devices, CancellationToken ct)
    {
        if (Person(principal) is not var (tenant, user))
        {
            return NotAPerson();
        }
        var totp = await store.GetTotpAsync(tenant, user, ct);
        return TypedResults.Ok(new MfaStatusResponse(totp?.ConfirmedAt is not null, totp is { ConfirmedAt: null }, totp?.ConfirmedAt,
            await store.RecoveryCodesLeftAsync(tenant, user, ct), await devices.ListAsync(tenant, user, ct)));
    }

    private static async Task<Results<Created<TotpEnrolmentView>, ProblemHttpResult, NotFound>> BeginAsync(ClaimsPrincipal principal, MfaStore store, TotpEnrolment totp, CancellationToken ct)
    {
        if (Person(principal) is not var (tenant, user))
        {
            return NotAPerson();
        }
        if (await store.FindUserAsync(tenant, user, ct) is not { } account)
        {
            return TypedResults.NotFound();
        }
        return await totp.BeginAsync(tenant, user, account.Email, ct) is { } view
            ? TypedResults.Created("/api/v1/me/mfa", view)
            : AuthMfaEndpoints.AlreadyEnrolled();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, NotFound>> PngAsync(ClaimsPrincipal principal, MfaStore store, TotpEnrolment totp, HttpContext http, CancellationToken ct)
        => await PendingUriAsync(principal, store, totp, ct) switch
        {
            { Refused: { } refused } => refused,
            { Uri: { } uri } => NoStore(http, TypedResults.File(QrCodes.Png(uri), "image/png")),
            _ => TypedResults.NotFound(),
        };

    private static async Task<Results<ContentHttpResult, ProblemHttpResult, NotFound>> SvgAsync(ClaimsPrincipal principal, MfaStore store, TotpEnrolment totp, HttpContext http, CancellationToken ct)
        => await PendingUriAsync(principal, store, totp, ct) switch
        {
            { Refused: { } refused } => refused,
            { Uri: { } uri } => NoStore(http, TypedResults.Content(QrCodes.Svg(uri), "image/svg+xml")),
            _ => TypedResults.NotFound(),
        };

    /// <summary>The QR code is the secret: no cache may keep it.</summary>
    private static T NoStore<T>(HttpContext http, T result)
    {
        http.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private static async Task<(ProblemHttpResult? Refused, string? Uri)> PendingUriAsync(ClaimsPrincipal principal, MfaStore store, TotpEnrolment totp, CancellationToken ct)
    {
        if (Person(principal) is not var (tenant, user))
        {
            return (NotAPerson(), null);
        }
        return await store.FindUserAsync(tenant, user, ct) is { } account ? (null, await totp.PendingUriAsync(tenant, user, account.Email, ct)) : (null, null);
    }

    private static async Task<Results<Ok<RecoveryCodesResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        ConfirmTotpRequest request, ClaimsPrincipal principal, MfaStore store, TotpEnrolment totp, IAuditLog audit, CancellationToken ct)
    {
        if (Person(principal) is not var (tenant, user))
        {
            return NotAPerson();
        }
        var errors = new Dictionary<string, string[]>();
        MfaValidation.RequireCode(request.Code, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await using var connection = await store.OpenAsync(tenant, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        switch (await totp.CheckAsync(connection, transaction, tenant, user, request.Code!, confirm: true, ct))
        {
            case TotpCheck.NotEnrolled:
                return TypedResults.Problem("No enrolment is pending: start one with POST /api/v1/me/mfa/totp.", statusCode: StatusCodes.Status409Conflict, title: "No enrolment pending");
            case TotpCheck.Wrong:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["The code is not right."] });
        }
        var codes = await store.NewRecoveryCodesAsync(connection, transaction, tenant, user, ct);
        await transaction.CommitAsync(ct);
        await audit.RecordAsync(new AuditEntry("mfa.enrolled") { TargetType = "user", TargetId = user.ToString(), Details = new { method = "totp" } }, ct);
        return TypedResults.Ok(new RecoveryCodesResponse(codes));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeDeviceAsync(
        Guid id, ClaimsPrincipal principal, TrustedDevices devices, IAuditLog audit, CancellationToken ct)
    {
        if (Person(principal) is not var (tenant, user))
        {
            return NotAPerson();
        }
        if (!await devices.RevokeAsync(tenant, user, id, ct))
        {
            return TypedResults.NotFound();
        }
        await audit.RecordAsync(new AuditEntry("mfa.trusted_device_revoked") { TargetType = "trusted_device", TargetId = id.ToString() }, ct);
        return TypedResults.NoContent();
    }
}
