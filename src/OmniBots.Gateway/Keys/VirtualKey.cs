namespace OmniBots.Gateway.Keys;

/// <summary>A virtual key as the gateway enforces it (the secret only as its hash).</summary>
internal sealed record VirtualKey(
    Guid Id,
    Guid TenantId,
    string Name,
    string Prefix,
    byte[] SecretHash,
    IReadOnlyList<string> AllowedModels,
    int? RpmLimit,
    int? TpmLimit,
    decimal? MonthlySoftBudgetUsd,
    decimal? MonthlyHardBudgetUsd,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);

    /// <summary>An empty list allows every model the tenant may call.</summary>
    public bool Allows(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model, StringComparer.Ordinal);
}

/// <summary>What the admin API shows of a key: never the secret or its hash.</summary>
internal sealed record VirtualKeyView(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> AllowedModels,
    int? RpmLimit,
    int? TpmLimit,
    decimal? MonthlySoftBudgetUsd,
    decimal? MonthlyHardBudgetUsd,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public static VirtualKeyView Of(VirtualKey key) => new(key.Id, key.Name, "obk-" + key.Prefix, key.AllowedModels, key.RpmLimit, key.TpmLimit,
        key.MonthlySoftBudgetUsd, key.MonthlyHardBudgetUsd, key.ExpiresAt, key.CreatedAt, key.RevokedAt);
}
