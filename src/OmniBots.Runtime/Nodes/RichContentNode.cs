using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Sends one of the 15 rich content types with every string of its payload rendered as a template.</summary>
internal sealed class RichContentNode : INodeHandler
{
    public string Type => "rich_content";
    public string? PassThrough => "next";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var content = context.Settings.Get("content");
        context.Send(new OutboundMessage(MessageKinds.RichContent)
        {
            ContentType = context.Settings.String("contentType"),
            Content = content.ValueKind == JsonValueKind.Object ? Render(context, content) : new JsonObject(),
        });
        return ValueTask.FromResult(NodeResult.Follow("next"));
    }

    /// <summary>A new tree from the stored payload, every string rendered (numbers, booleans and nulls kept).</summary>
    private static JsonNode? Render(NodeContext context, JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Render(context, p.Value)))),
        JsonValueKind.Array => new JsonArray([.. element.EnumerateArray().Select(i => Render(context, i))]),
        JsonValueKind.String => JsonValue.Create(context.Render(element.GetString())),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonNode.Parse(element.GetRawText()),
    };
}
