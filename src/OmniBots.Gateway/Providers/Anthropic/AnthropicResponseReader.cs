using System.Text;
using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>Reads a Messages API response body; any shape mismatch is MalformedResponse.</summary>
internal static class AnthropicResponseReader
{
    public static ChatResponse Chat(string body) => Parse(body, root =>
    {
        var text = new StringBuilder();
        var calls = new List<ToolCall>();
        var sawText = false;
        foreach (var block in root.GetProperty("content").EnumerateArray())
        {
            switch (block.GetProperty("type").GetString())
            {
                case "text":
                    sawText = true;
                    text.Append(block.GetProperty("text").GetString());
                    break;
                case "tool_use":
                    calls.Add(new ToolCall(
                        block.GetProperty("id").GetString()!,
                        block.GetProperty("name").GetString()!,
                        block.GetProperty("input").GetRawText()));
                    break;
                default:
                    // thinking, redacted_thinking, server tool blocks...: nothing the neutral shape carries.
                    break;
            }
        }
        var usage = root.GetProperty("usage");
        return new ChatResponse
        {
            Text = sawText ? text.ToString() : null,
            ToolCalls = calls,
            FinishReason = Finish(root.GetProperty("stop_reason").GetString()),
            Usage = new Usage(usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("output_tokens").GetInt32()),
            Model = root.TryGetProperty("model", out var model) ? model.GetString() : null,
        };
    });

    public static FinishReason Finish(string? stopReason) => stopReason switch
    {
        "end_turn" or "stop_sequence" => FinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => FinishReason.Length,
        "tool_use" => FinishReason.ToolCalls,
        "refusal" => FinishReason.ContentFilter,
        // pause_turn (a server tool paused a long turn) and anything newer.
        _ => FinishReason.Unknown,
    };

    public static T Parse<T>(string json, Func<JsonElement, T> read) =>
        ProviderJson.Parse(json, "Anthropic's response is not valid Messages API JSON", read);
}
