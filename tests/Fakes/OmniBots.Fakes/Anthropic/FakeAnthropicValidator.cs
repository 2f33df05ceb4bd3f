using System.Text.Json.Nodes;

namespace OmniBots.Fakes.Anthropic;

/// <summary>
/// The request checks the Messages API documents and enforces with a 400 <c>invalid_request_error</c>: required
/// <c>model</c>/<c>max_tokens</c>/<c>messages</c>, no "system" role, non-empty text, tool_use only from the
/// assistant, every tool_use answered by a tool_result at the start of the next user message, tool_choice
/// only with tools, temperature within 0..1. Roles must strictly alternate: the live API has merged
/// consecutive same-role turns since 2024, but older versions refused them and a strict fake catches an
/// adapter that forgets to merge tool results into one user message.
/// </summary>
internal static class FakeAnthropicValidator
{
    /// <summary>The error message Anthropic would give, or null when the request is acceptable.</summary>
    public static string? Problem(JsonNode? json)
    {
        if (json is not JsonObject request)
        {
            return "Request body must be a JSON object.";
        }
        if (request["model"] is not JsonValue model || model.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return "model: Field required";
        }
        if (request["max_tokens"] is not JsonValue maxTokens || !maxTokens.TryGetValue<int>(out var max))
        {
            return "max_tokens: Field required";
        }
        if (max < 1)
        {
            return "max_tokens: Input should be greater than or equal to 1";
        }
        if (request["temperature"] is JsonValue temperature && temperature.GetValue<double>() is < 0 or > 1)
        {
            return "temperature: Input should be less than or equal to 1";
        }
        if (request["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return "messages: Field required";
        }
        var tools = request["tools"] as JsonArray;
        return Messages(messages) ?? Tools(tools, request["tool_choice"]);
    }

    private static string? Messages(JsonArray messages)
    {
        string? previousRole = null;
        var pendingToolUses = new HashSet<string>();
        for (var i = 0; i < messages.Count; i++)
        {
            var role = (string?)messages[i]!["role"];
            if (role is not ("user" or "assistant"))
            {
                return $"messages.{i}.role: Unexpected role \"{role}\". The Messages API accepts a top-level `system` parameter, not \"system\" as an input message role.";
            }
            if (role == previousRole)
            {
                return $"messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"{role}\" roles in a row";
            }
            var blocks = Blocks(messages[i]!["content"]);
            if (blocks is null || blocks.Count == 0)
            {
                return $"messages.{i}: all messages must have non-empty content";
            }
            if (Blocks(i, role, blocks, pendingToolUses) is { } problem)
            {
                return problem;
            }
            previousRole = role;
        }
        return null;
    }

    private static string? Blocks(int i, string role, List<JsonObject> blocks, HashSet<string> pendingToolUses)
    {
        var answered = new HashSet<string>();
        var sawOther = false;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            switch ((string?)block["type"])
            {
                case "text" when string.IsNullOrEmpty((string?)block["text"]):
                    return $"messages.{i}.content.{b}.text: text content blocks must be non-empty";
                case "text":
                    sawOther = true;
                    break;
                case "tool_use" when role != "assistant":
                    return $"messages.{i}.content.{b}: tool_use blocks may only appear in assistant messages";
                case "tool_use" when block["input"] is not JsonObject || string.IsNullOrEmpty((string?)block["id"]) || string.IsNullOrEmpty((string?)block["name"]):
                    return $"messages.{i}.content.{b}: tool_use needs id, name and an object input";
                case "tool_use":
                    pendingToolUses.Add((string)block["id"]!);
                    break;
                case "tool_result" when role != "user" || sawOther:
                    return $"messages.{i}.content.{b}: tool_result blocks must come first in a user message";
                case "tool_result" when !pendingToolUses.Contains((string?)block["tool_use_id"] ?? ""):
                    return $"messages.{i}.content.{b}: unexpected `tool_use_id` found in `tool_result` blocks: {(string?)block["tool_use_id"]}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
                case "tool_result":
                    answered.Add((string)block["tool_use_id"]!);
                    break;
                default:
                    return $"messages.{i}.content.{b}.type: unsupported content block type '{(string?)block["type"]}'";
            }
        }
        if (role == "user")
        {
            if (pendingToolUses.Except(answered).ToList() is { Count: > 0 } missing)
            {
                return $"messages.{i - 1}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", missing)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.";
            }
            pendingToolUses.Clear();
        }
        return null;
    }

    private static List<JsonObject>? Blocks(JsonNode? content) => content switch
    {
        JsonValue text when text.TryGetValue<string>(out var s) => s.Length == 0 ? [] : [new JsonObject { ["type"] = "text", ["text"] = s }],
        JsonArray array => array.OfType<JsonObject>().ToList(),
        _ => null,
    };

    private static string? Tools(JsonArray? tools, JsonNode? toolChoice)
    {
        var names = new HashSet<string>();
        for (var t = 0; t < (tools?.Count ?? 0); t++)
        {
            var tool = tools![t]!;
            if (string.IsNullOrEmpty((string?)tool["name"]) || tool["input_schema"]?["type"] is not JsonValue type || (string?)type != "object")
            {
                return $"tools.{t}: a tool needs a name and an input_schema of type object";
            }
            names.Add((string)tool["name"]!);
        }
        if (toolChoice is null)
        {
            return null;
        }
        if (names.Count == 0)
        {
            return "tool_choice: tool_choice may only be specified while providing tools";
        }
        return (string?)toolChoice["type"] switch
        {
            "auto" or "any" or "none" => null,
            "tool" when names.Contains((string?)toolChoice["name"] ?? "") => null,
            "tool" => $"tool_choice.name: no tool named '{(string?)toolChoice["name"]}'",
            var other => $"tool_choice.type: unexpected value '{other}'",
        };
    }
}
