using System.Net;

namespace OmniBots.Identity.Security;

internal static class SecurityEventTypes
{
    public const string BruteForce = "brute_force";
    public const string CredentialStuffing = "credential_stuffing";
    public const string ImpossibleTravel = "impossible_travel";
    public const string IpNotAllowed = "ip_not_allowed";

    public static readonly string[] All = [BruteForce, CredentialStuffing, ImpossibleTravel, IpNotAllowed];
    public static readonly string[] Severities = ["low", "medium", "high", "critical"];
    public static readonly string[] Statuses = ["open", "resolved"];
}

/// <summary>What a detection writes. TenantId null: a platform event (staff sign-in, unknown tenant).</summary>
internal sealed record NewSecurityEvent(
    Guid? TenantId, string Type, string Severity, int RiskScore, IPAddress? Ip, Guid? UserId, string? Account, string Action, object Details);

internal sealed record SecurityEventView(
    Guid Id, Guid? TenantId, string Type, string Severity, int RiskScore, string? Ip, Guid? UserId, string? Account, string Action,
    string Status, System.Text.Json.JsonElement Details, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, Guid? ResolvedBy, string? ResolutionNote);

internal sealed record SecurityEventPage(IReadOnlyList<SecurityEventView> Items, int Page, int PageSize, long Total);
