using Microsoft.AspNetCore.Identity;
using OmniBots.Testing;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Tenants;

/// <summary>Platform staff seeded by SQL (staff administration is not an API yet), signed in through HTTP.</summary>
public static class Staff
{
    private static readonly Lazy<string> Hash = new(() => new PasswordHasher<object>().HashPassword(new object(), IdentityTestData.Password));

    /// <summary>Creates a staff member and returns a bearer access token for them.</summary>
    public static async Task<string> SignedInAsync(OmniBotsHostFactory host, HttpClient client, Guid? partnerId = null)
    {
        var email = $"staff-{Guid.NewGuid():N}@platform.example.com";
        await host.Database.ExecuteAsync(
            "INSERT INTO identity.platform_users (email, display_name, platform_role, partner_id, status, password_hash, password_changed_at) " +
            "VALUES (@email, 'Staff', @role, @partner, 'active', @hash, now())",
            ("email", email), ("role", partnerId is null ? "super_admin" : "partner_admin"), ("partner", (object?)partnerId ?? DBNull.Value), ("hash", Hash.Value));
        return (await SignInForTokensAsync(client, null, email, IdentityTestData.Password)).AccessToken;
    }

    public static async Task<Guid> PartnerAsync(OmniBotsHostFactory host)
    {
        var id = Guid.NewGuid();
        await host.Database.ExecuteAsync("INSERT INTO tenancy.partners (id, name) VALUES (@id, 'Partner')", ("id", id));
        return id;
    }
}
