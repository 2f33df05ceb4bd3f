namespace OmniBots.Identity.Me;

internal sealed record MeUser(Guid Id, string Email, string DisplayName, string Locale, string TimeZone, string? UserType, string Status);

internal sealed record MeTenant(Guid Id, string Slug, string Name);

internal sealed record MeApiKey(Guid Id, string Name, string Prefix, DateTimeOffset? ExpiresAt);

internal sealed record MeSession(Guid Id, string Kind, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, int IdleTimeoutMinutes);

/// <summary>Who the caller is. <see cref="Kind"/> is <c>user</c>, <c>platform_user</c> or <c>api_key</c>;
/// <see cref="User"/> and <see cref="Session"/> are absent for API keys, <see cref="ApiKey"/> for users.</summary>
internal sealed record MeResponse(
    string Kind,
    MeUser? User,
    MeApiKey? ApiKey,
    MeTenant? Tenant,
    string? PlatformRole,
    Guid? PartnerId,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Permissions,
    MeSession? Session);
