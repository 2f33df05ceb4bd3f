using System.Text.RegularExpressions;
using OmniBots.Testing;

namespace OmniBots.Identity.Tests.Users;

/// <summary>Reads the development outbox (no SMTP is configured in these tests) like a user reads mail.</summary>
public static partial class Outbox
{
    public static async Task<string?> LatestBodyAsync(TestDatabase database, string email)
        => await database.ScalarAsync<string?>(
            "SELECT text_body FROM platform.email_outbox WHERE @email = ANY(recipients) ORDER BY id DESC LIMIT 1", ("email", email));

    /// <summary>The token of the newest link mailed to <paramref name="email"/> for <paramref name="page"/>.</summary>
    public static async Task<string> LatestTokenAsync(TestDatabase database, string email, string page)
    {
        var body = await LatestBodyAsync(database, email) ?? throw new InvalidOperationException($"No mail to {email}.");
        var match = Link().Match(body);
        if (!match.Success || match.Groups[1].Value != page)
        {
            throw new InvalidOperationException($"No {page} link in the mail to {email}: {body}");
        }
        return Uri.UnescapeDataString(match.Groups[2].Value);
    }

    public static async Task<int> CountAsync(TestDatabase database, string email)
        => (int)await database.ScalarAsync<long>("SELECT count(*) FROM platform.email_outbox WHERE @email = ANY(recipients)", ("email", email));

    [GeneratedRegex(@"http://portal\.test/([a-z-]+)\?token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex Link();
}

/// <summary>Every fixture of the users feature: links point at a known portal address.</summary>
public class UsersFixture : IdentityFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:PublicBaseUrl"] = "http://portal.test",
    };
}
