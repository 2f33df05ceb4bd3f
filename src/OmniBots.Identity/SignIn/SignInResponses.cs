using System.Text.Json.Serialization;
using OmniBots.Identity.Authentication;
using OmniBots.Identity.Tokens;

namespace OmniBots.Identity.SignIn;

internal sealed record SessionView(Guid Id, string Kind, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int IdleTimeoutMinutes);

/// <summary>Bearer credentials: the access token for <c>Authorization: Bearer</c>, and the single-use refresh token that gets the next pair.</summary>
internal sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt)
{
    public static TokenResponse From(IssuedAccessToken access, IssuedRefreshToken refresh, DateTimeOffset now)
        => new(access.Token, "Bearer", (int)Math.Max(0, (access.ExpiresAt - now).TotalSeconds), access.ExpiresAt, refresh.Token, refresh.ExpiresAt);
}

/// <param name="PasswordExpired">The tenant's password expiry has passed for this password: the portal should ask for a new one.</param>
/// <param name="Tokens">In <c>token</c> mode; absent in <c>cookie</c> mode, where the session travels in the HttpOnly cookie.</param>
internal sealed record SignInResponse(
    string Mode,
    Guid UserId,
    Guid? TenantId,
    SessionView Session,
    bool PasswordExpired,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TokenResponse? Tokens);
