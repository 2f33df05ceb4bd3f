using System.Net;
using Xunit;

namespace OmniBots.Channels.Tests;

/// <summary>Bots made through the bots API by the tenant's admin, with flow JSON as the canvas sends it.</summary>
internal static class RestBots
{
    private static object Node(string id, string type, object? settings = null)
        => new { id, type, name = id, settings = settings ?? new { }, position = new { x = 0, y = 0 } };

    private static object Edge(string source, string target) => new { id = $"{source}->{target}", source, sourceHandle = "next", target };

    private static object Say(string id, string text) => Node(id, "send_message", new { messages = new[] { new { text } } });

    /// <summary>Greets, asks for a name, thanks by name, ends.</summary>
    public static object AskName() => new
    {
        primaryFlow = new
        {
            nodes = new[]
            {
                Node("start", "start"), Say("hello", "Hello! I am the support bot."),
                Node("ask", "collect_input", new { prompt = "What is your name?", inputType = "text", variable = "name" }),
                Say("thanks", "Thanks {{name}}!"), Node("end", "end"),
            },
            edges = new[] { Edge("start", "hello"), Edge("hello", "ask"), Edge("ask", "thanks"), Edge("thanks", "end") },
        },
        linkedFlows = Array.Empty<object>(),
    };

    public static async Task<Guid> PublishedAsync(HttpClient client, string adminToken, object content)
    {
        var bot = (await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/bots", adminToken, new { name = "Support bot" }),
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var draft = await Api.SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/bots/{bot}/versions/1", adminToken);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        await Api.JsonAsync(await Api.SendAsync(client, HttpMethod.Put, $"/api/v1/bots/{bot}/versions/1", content, request =>
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
            request.Headers.TryAddWithoutValidation("If-Match", draft.Headers.ETag!.ToString());
        }), HttpStatusCode.OK);
        await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", adminToken, new { label = "v1" }),
            HttpStatusCode.OK);
        return bot;
    }
}
