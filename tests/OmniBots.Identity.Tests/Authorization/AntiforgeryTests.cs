using System.Net;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Authorization;

public sealed class AntiforgeryTests(AntiforgeryTests.Fixture fixture) : IClassFixture<AntiforgeryTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private const string Protected = "/_test/identity/bots";

    [Fact]
    public async Task CookiePost_WithoutTheCsrfHeader_IsRefused_AndWithItPasses()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var browser = fixture.Host.CreateClient();
        await JsonAsync(await SignInAsync(browser, user), HttpStatusCode.OK);

        var refused = await ProblemAsync(await browser.PostAsync(Url(Protected), null), HttpStatusCode.Forbidden);
        Assert.Equal(["X-CSRF-Token"], ErrorFields(refused));
        await ProblemAsync(await PostWithCsrfAsync(browser, Protected, "not-a-token"), HttpStatusCode.Forbidden);

        var csrf = await CsrfTokenAsync(browser);
        await JsonAsync(await PostWithCsrfAsync(browser, Protected, csrf), HttpStatusCode.OK);
        await JsonAsync(await browser.GetAsync(Url(Protected)), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACsrfTokenOfAnotherUser_IsRefused()
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync();
        var other = await fixture.Data.CreateUserAsync(tenant);
        var mallory = fixture.Host.CreateClient();
        await JsonAsync(await SignInAsync(mallory, other), HttpStatusCode.OK);
        var malloryToken = await CsrfTokenAsync(mallory);
        var browser = fixture.Host.CreateClient();
        await JsonAsync(await SignInAsync(browser, user), HttpStatusCode.OK);
        await CsrfTokenAsync(browser);

        await ProblemAsync(await PostWithCsrfAsync(browser, Protected, malloryToken), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CookieSignOut_NeedsTheCsrfHeaderToo()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var browser = fixture.Host.CreateClient();
        await JsonAsync(await SignInAsync(browser, user), HttpStatusCode.OK);

        await ProblemAsync(await browser.PostAsync(Url("/api/v1/auth/sign-out"), null), HttpStatusCode.Forbidden);
        await JsonAsync(await browser.GetAsync(Url("/api/v1/me")), HttpStatusCode.OK);
    }

    [Fact]
    public async Task BearerAndAnonymousPosts_NeedNoCsrfHeader()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var client = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(client, user);

        await JsonAsync(await SendWithBearerAsync(client, HttpMethod.Post, Protected, tokens.AccessToken), HttpStatusCode.OK);
        // Signed in by cookie, signing in again (an anonymous endpoint) needs no token either.
        var browser = fixture.Host.CreateClient();
        await JsonAsync(await SignInAsync(browser, user), HttpStatusCode.OK);
        await JsonAsync(await SignInAsync(browser, user), HttpStatusCode.OK);
    }
}
