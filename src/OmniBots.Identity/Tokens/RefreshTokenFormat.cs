using OmniBots.Identity.Authentication;

namespace OmniBots.Identity.Tokens;

/// <summary>
/// <c>ob_rt_&lt;scope&gt;_&lt;secret&gt;</c>: the scope is the tenant id (32 hex digits) or
/// <c>platform</c>, so the token is looked up on a connection confined to its tenant; it proves
/// nothing by itself (a forged scope just finds no token). The secret is 256 random bits.
/// </summary>
internal static class RefreshTokenFormat
{
    private const string Start = "ob_rt_";
    private const string PlatformScope = "platform";

    public static (string Token, byte[] Hash) Create(Guid? tenantId)
    {
        var secret = OpaqueSecrets.NewSecret();
        return ($"{Start}{(tenantId is { } tenant ? tenant.ToString("N") : PlatformScope)}_{secret}", OpaqueSecrets.Hash(secret));
    }

    public static bool TryParse(string? token, out Guid? tenantId, out byte[] hash)
    {
        tenantId = null;
        hash = [];
        if (token is null || !token.StartsWith(Start, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = token.AsSpan(Start.Length);
        var separator = rest.IndexOf('_');
        if (separator < 0)
        {
            return false;
        }
        var scope = rest[..separator];
        var secret = rest[(separator + 1)..];
        if (!OpaqueSecrets.LooksLikeSecret(secret))
        {
            return false;
        }
        if (scope.SequenceEqual(PlatformScope))
        {
            tenantId = null;
        }
        else if (scope.Length == 32 && Guid.TryParseExact(scope, "N", out var tenant))
        {
            tenantId = tenant;
        }
        else
        {
            return false;
        }
        hash = OpaqueSecrets.Hash(secret.ToString());
        return true;
    }
}
