using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;
using OmniBots.Runtime.Flows;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// Asks with buttons and waits. The answer matches an option by value or label (case-insensitive) and follows the
/// option's output (default when it has no edge); typed text follows default when allowFreeText, else the
/// question is asked again.
/// </summary>
internal sealed class QuickRepliesNode : IWaitingNodeHandler
{
    public string Type => "quick_replies";
    public string? PassThrough => "default";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        Ask(context);
        return ValueTask.FromResult(NodeResult.WaitFor(new WaitState(WaitKinds.Choice)));
    }

    public ValueTask<NodeResult> ResumeAsync(NodeContext context, InboundEvent inbound, CancellationToken cancellationToken)
    {
        var answer = (inbound.UserInput ?? "").Trim();
        var variable = context.Settings.String("variable", "quick_reply")!;
        foreach (var option in context.Settings.Objects("options"))
        {
            var label = context.RenderLocalized(option, "label", "labelByLanguage");
            var value = option.String("value") ?? label;
            if (string.Equals(answer, value, StringComparison.OrdinalIgnoreCase) || string.Equals(answer, label, StringComparison.OrdinalIgnoreCase)
                || string.Equals(answer, context.Render(option.String("label")), StringComparison.OrdinalIgnoreCase))
            {
                context.Set(variable, value);
                var id = option.String("id");
                return ValueTask.FromResult(NodeResult.Follow(id is not null && context.Node.Target(id) is not null ? id : "default"));
            }
        }
        if (context.Settings.Bool("allowFreeText", false))
        {
            context.Set(variable, answer);
            return ValueTask.FromResult(NodeResult.Follow("default"));
        }
        context.Note("the answer matches no option: asked again");
        Ask(context);
        return ValueTask.FromResult(NodeResult.WaitFor(new WaitState(WaitKinds.Choice)));
    }

    private static void Ask(NodeContext context) => context.Send(new OutboundMessage(MessageKinds.Text)
    {
        Text = context.RenderLocalized(context.Settings, "prompt", "promptByLanguage"),
        QuickReplies = Buttons(context, context.Settings.Objects("options")),
    });

    public static IReadOnlyList<QuickReply> Buttons(NodeContext context, IEnumerable<NodeSettings> items) =>
        [.. items.Select(i =>
        {
            var label = context.RenderLocalized(i, "label", "labelByLanguage");
            return new QuickReply(label, i.String("value") ?? label);
        })];
}
