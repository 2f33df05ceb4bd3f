using System.Text.Json;

namespace OmniBots.Conversations.Simulator;

/// <summary>
/// What makes a draft impossible to simulate at all (saving a draft never validates): content that is not a flow
/// document, or a primary flow without a start node. Other problems (a dangling edge, a bad setting) show in the
/// trace as the executor meets them — that is what the simulator is for.
/// </summary>
internal static class DraftCheck
{
    /// <summary>The reason, or null when the draft can run.</summary>
    public static string? Problem(string contentJson)
    {
        try
        {
            using var document = JsonDocument.Parse(contentJson);
            if (!document.RootElement.TryGetProperty("primaryFlow", out var primary) || primary.ValueKind != JsonValueKind.Object)
            {
                return "The draft has no primaryFlow object.";
            }
            if (!primary.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
            {
                return "The primary flow has no nodes array.";
            }
            var hasStart = nodes.EnumerateArray().Any(n => n.ValueKind == JsonValueKind.Object && n.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString() == "start"
                && n.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 });
            return hasStart ? null : "The primary flow has no start node (a node of type 'start' with an id).";
        }
        catch (JsonException e)
        {
            return $"The draft content is not valid JSON: {e.Message}";
        }
    }
}
