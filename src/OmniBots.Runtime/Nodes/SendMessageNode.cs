using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Up to 3 messages (per-language variants), quick replies with the last one, then media (FLOW-2).</summary>
internal sealed class SendMessageNode : INodeHandler
{
    public string Type => "send_message";
    public string? PassThrough => "next";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var typing = settings.Int("typingDelayMs", 0);
        var texts = settings.Objects("messages").Take(3).Select(m => context.RenderLocalized(m, "text", "textByLanguage")).ToList();
        var replies = QuickRepliesNode.Buttons(context, settings.Objects("quickReplies"));
        for (var i = 0; i < texts.Count; i++)
        {
            context.Send(new OutboundMessage(MessageKinds.Text)
            {
                Text = texts[i],
                TypingDelayMs = typing,
                QuickReplies = i == texts.Count - 1 && replies.Count > 0 ? replies : null,
            });
        }
        foreach (var media in settings.Objects("media"))
        {
            context.Send(new OutboundMessage(MessageKinds.Media)
            {
                MediaKind = media.String("kind"),
                Url = context.Render(media.String("url")),
                Name = media.String("name"),
            });
        }
        return ValueTask.FromResult(NodeResult.Follow("next"));
    }
}
