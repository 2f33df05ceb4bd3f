using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Tests;

internal static class OpenAiTestKit
{
    public static readonly JsonElement WeatherSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;

    public static ChatRequest Question(string text = "Say hello") => new()
    {
        Model = "gpt-4o-mini",
        Messages = [ChatMessage.System("Be brief."), ChatMessage.User(text)],
    };

    public static async Task<List<ChatDelta>> CollectAsync(IAsyncEnumerable<ChatDelta> stream)
    {
        var deltas = new List<ChatDelta>();
        await foreach (var delta in stream)
        {
            deltas.Add(delta);
        }
        return deltas;
    }
}
