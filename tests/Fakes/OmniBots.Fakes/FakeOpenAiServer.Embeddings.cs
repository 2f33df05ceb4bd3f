using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

public sealed partial class FakeOpenAiServer
{
    private async Task EmbeddingsAsync(HttpContext context, bool azure, string? deployment)
    {
        var (body, reply) = await ReceiveAsync(context, azure);
        if (reply is null)
        {
            return;
        }
        if (reply.Malformed)
        {
            await WriteRawAsync(context, """{"object":"list","data":[{"embedding":[0.1,""");
            return;
        }
        var json = JsonNode.Parse(body)!;
        var inputs = json["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [json["input"]!.GetValue<string>()];
        // Deterministic, distinguishable vectors: [length, index, 1].
        var data = inputs.Select((text, i) => (JsonNode)new JsonObject
        {
            ["object"] = "embedding",
            ["index"] = i,
            ["embedding"] = new JsonArray(text.Length, i, 1),
        });
        var tokens = inputs.Sum(i => i.Length);
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. data]),
            ["model"] = deployment ?? json["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }
}
