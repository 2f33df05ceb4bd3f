using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Bots.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using static OmniBots.Bots.Tests.Flows;

namespace OmniBots.Bots.Tests;

/// <summary>Tool and secret definitions and calls the tool tests share.</summary>
internal static class ToolHelpers
{
    public static async Task PutSecretAsync(this BotsClient api, string name, string value)
        => await api.JsonAsync(HttpMethod.Put, $"/api/v1/secrets/{name}", new { value }, HttpStatusCode.Created);

    public static async Task AllowPrivateNetworksAsync(this BotsClient api, bool allow = true)
        => await api.JsonAsync(HttpMethod.Put, "/api/v1/tools/settings", new { allowPrivateNetworks = allow });

    /// <summary>An order lookup: GET {url}, order_id required, a header from a secret, mapped status and eta.</summary>
    public static object OrderTool(string url, object? auth = null, string code = "order_status", int timeoutMs = 3000, object? headers = null) => new
    {
        code,
        name = "Order status",
        description = "Looks up an order by its number.",
        category = "commerce",
        parameters = new
        {
            type = "object",
            properties = new
            {
                order_id = new { type = "string", description = "The order number." },
                note = new { type = "string" },
            },
            required = Strings("order_id"),
        },
        action = new
        {
            method = "GET",
            url,
            headers = headers ?? Array.Empty<object>(),
            auth,
            timeoutMs,
            responseMapping = new[] { new { field = "status", path = "$.status" }, new { field = "eta", path = "$.delivery.estimatedDate" } },
        },
    };

    /// <summary>A tool with no parameters calling <paramref name="url"/>, the whole body as its result.</summary>
    public static object PlainTool(string code, string url, int timeoutMs = 3000, string method = "GET") => new
    {
        code,
        name = code,
        description = "Calls " + code,
        parameters = new { type = "object", properties = new { } },
        action = new { method, url, timeoutMs },
    };

    public static Task<System.Text.Json.JsonElement> TestAsync(this BotsClient api, string code, object arguments)
        => api.JsonAsync(HttpMethod.Post, $"/api/v1/tools/{code}/test", new { arguments });

    /// <summary>The tenant's <c>{{env.X}}</c> values as a turn of that tenant gets them.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnvAsync(HostFixture fixture, Guid tenant)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
        return await scope.ServiceProvider.GetRequiredService<IFlowEnvironment>().LoadAsync(CancellationToken.None);
    }
}
