using System.Net.Http.Headers;
using System.Net.Http.Json;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Security;

/// <summary>Requests from a given client address (see <see cref="SecurityFixture"/>).</summary>
public static class SecurityApi
{
    public static Task<HttpResponseMessage> SignInFromAsync(HttpClient client, string? ip, string? tenant, string email, string password, string mode = "token")
        => SendAsync(client, HttpMethod.Post, "/api/v1/auth/sign-in", new { tenant, email, password, mode }, r => From(r, ip));

    public static Task<HttpResponseMessage> SignInFromAsync(HttpClient client, string? ip, TestUser user, string? password = null)
        => SignInFromAsync(client, ip, user.Tenant.Slug, user.Email, password ?? user.Password);

    public static async Task<string> AccessTokenFromAsync(HttpClient client, string? ip, TestUser user)
    {
        var body = await JsonAsync(await SignInFromAsync(client, ip, user), System.Net.HttpStatusCode.OK);
        return body.GetProperty("tokens").GetProperty("accessToken").GetString()!;
    }

    public static Task<HttpResponseMessage> BearerAsync(HttpClient client, HttpMethod method, string path, string token, object? body = null, string? ip = null)
        => SendAsync(client, method, path, body, r =>
        {
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            From(r, ip);
        });

    public static Task<HttpResponseMessage> SuperAdminAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Url(path)) { Content = content };
        request.Headers.Add("X-Test-Platform-Role", "super_admin");
        return client.SendAsync(request);
    }

    private static void From(HttpRequestMessage request, string? ip)
    {
        if (ip is not null)
        {
            request.Headers.Add(SecurityFixture.ClientIpHeader, ip);
        }
    }

    public static JsonContent Json(object body) => JsonContent.Create(body);
}
