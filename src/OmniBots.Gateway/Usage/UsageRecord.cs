namespace OmniBots.Gateway.Metering;

/// <summary>One gateway call as metered (GW-5). <see cref="Status"/>: ok, error, cancelled; <see cref="ErrorKind"/> names the failure.</summary>
internal sealed record UsageRecord(
    Guid TenantId,
    Guid? VirtualKeyId,
    string Feature,
    string Model,
    string Operation,
    string? Endpoint,
    string? Provider,
    int InputTokens,
    int OutputTokens,
    decimal CostUsd,
    int LatencyMs,
    string Status,
    string? ErrorKind,
    bool Cached,
    DateTimeOffset OccurredAt);

internal static class UsageStatus
{
    public const string Ok = "ok";
    public const string Error = "error";
    /// <summary>The caller went away (or stopped reading a stream) before the call finished.</summary>
    public const string Cancelled = "cancelled";
}
