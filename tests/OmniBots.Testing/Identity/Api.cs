using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace OmniBots.Testing.Identity;

public sealed record Tokens(string AccessToken, string RefreshToken);

/// <summary>HTTP calls the tests make, each a real request through the host's pipeline.</summary>
public static class Api
{
    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string? tenant, string email, string password, string mode)
        => client.PostAsJsonAsync(Url("/api/v1/auth/sign-in"), new { tenant, email, password, mode });

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, TestUser user, string mode = "cookie")
        => SignInAsync(client, user.Tenant.Slug, user.Email, user.Password, mode);

    public static async Task<Tokens> SignInForTokensAsync(HttpClient client, string? tenant, string email, string password)
    {
        var body = await JsonAsync(await SignInAsync(client, tenant, email, password, "token"), HttpStatusCode.OK);
        return ReadTokens(body.GetProperty("tokens"));
    }

    public static Task<Tokens> SignInForTokensAsync(HttpClient client, TestUser user)
        => SignInForTokensAsync(client, user.Tenant.Slug, user.Email, user.Password);

    public static Tokens ReadTokens(JsonElement tokens)
        => new(tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken)
        => client.PostAsJsonAsync(Url("/api/v1/auth/refresh"), new { refreshToken });

    /// <summary>A request with <c>Authorization: Bearer</c>.</summary>
    public static Task<HttpResponseMessage> SendWithBearerAsync(HttpClient client, HttpMethod method, string path, string accessToken, object? body = null)
        => SendAsync(client, method, path, body, request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken));

    public static Task<HttpResponseMessage> SendWithApiKeyAsync(HttpClient client, HttpMethod method, string path, string key, object? body = null)
        => SendAsync(client, method, path, body, request => request.Headers.Add("X-Api-Key", key));

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, Action<HttpRequestMessage> configure)
    {
        var request = new HttpRequestMessage(method, Url(path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        configure(request);
        return client.SendAsync(request);
    }

    /// <summary>The cookie client's antiforgery token (after sign-in).</summary>
    public static async Task<string> CsrfTokenAsync(HttpClient cookieClient)
    {
        var body = await JsonAsync(await cookieClient.GetAsync(Url("/api/v1/auth/csrf")), HttpStatusCode.OK);
        Assert.Equal("X-CSRF-Token", body.GetProperty("headerName").GetString());
        return body.GetProperty("token").GetString()!;
    }

    public static Task<HttpResponseMessage> PostWithCsrfAsync(HttpClient cookieClient, string path, string csrf, object? body = null)
        => SendAsync(cookieClient, HttpMethod.Post, path, body, request => request.Headers.Add("X-CSRF-Token", csrf));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem document with this status and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static IEnumerable<string> ErrorFields(JsonElement problem)
        => problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);
}
