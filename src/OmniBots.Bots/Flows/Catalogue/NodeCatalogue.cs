using static OmniBots.Bots.Flows.Catalogue.S;

namespace OmniBots.Bots.Flows.Catalogue;

/// <summary>
/// Every node type a flow may use (issue 6 item 3, SPEC FLOW-1..FLOW-5): settings schema, named outputs and
/// their semantics. The validator checks flows against it, <c>GET /api/v1/flows/node-types</c> serves it to the
/// canvas, and docs/nodes.md describes it. Type codes are stored in flows: never rename one, add new ones.
/// </summary>
internal static partial class NodeCatalogue
{
    public const string Start = "start";
    public const string SendMessage = "send_message";
    public const string QuickReplies = "quick_replies";
    public const string RichContent = "rich_content";
    public const string CollectInput = "collect_input";
    public const string LlmResponse = "llm_response";
    public const string KbSearch = "kb_search";
    public const string RagQuery = "rag_query";
    public const string IntentClassification = "intent_classification";
    public const string Condition = "condition";
    public const string IntentRouter = "intent_router";
    public const string SetVariable = "set_variable";
    public const string Loop = "loop";
    public const string Delay = "delay";
    public const string End = "end";
    public const string GoToFlow = "go_to_flow";
    public const string ApiCall = "api_call";
    public const string ToolCall = "tool_call";
    public const string Handoff = "handoff";

    private const string CompletesWhenUnconnected = " With no edge, the flow completes here (as an End with reason completed).";

    public static readonly IReadOnlyList<NodeTypeSpec> All = [.. Conversation(), .. Ai(), .. Logic(), .. Integration()];

    private static readonly Dictionary<string, NodeTypeSpec> ByType = All.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public static NodeTypeSpec? Find(string? type) => type is not null && ByType.TryGetValue(type, out var spec) ? spec : null;

    private static IEnumerable<NodeTypeSpec> Conversation()
    {
        yield return new(Start, "flow", "Start", "The flow's entry: every flow (primary, linked, reusable) has exactly one.", true, null, false,
            [], [Out("next", true, "Followed as soon as the flow is entered.")], null, ["Exactly one Start node per flow."]);

        yield return new(SendMessage, "conversation", "Send Message", "Sends up to 3 messages, with optional quick replies and media.", false, "next", false,
            [
                Objs("messages", true, "The messages, sent in order.", 1, 3,
                    Tpl("text", true, "The message text; templates {{var}}, {{a.b}}, {{env.X}}."),
                    Map("textByLanguage", "Per-language variants of the text (BCP-47 code -> text); the session language picks one, else text.")),
                Int("typingDelayMs", false, "A typing indicator shown this long before each message.", 0, 10_000, 0),
                Objs("quickReplies", false, "Buttons offered with the last message; a tap arrives as the user's next message.", 0, 10,
                    Tpl("label", true, "The button text.", 100), Str("value", false, "What the tap sends (default: the label)."),
                    Map("labelByLanguage", "Per-language variants of the label.")),
                Objs("media", false, "Attachments sent after the messages.", 0, 5,
                    Enum("kind", true, "The attachment kind.", ["image", "video", "audio", "file"]),
                    Tpl("url", true, "Where the file is (https URL or template).", 2000), Str("name", false, "The file name shown.")),
            ],
            [Out("next", false, "Followed after the messages are sent." + CompletesWhenUnconnected)], null, []);

        yield return new(QuickReplies, "conversation", "Quick Replies", "Asks a question with buttons and waits for the answer.", false, "default", true,
            [
                Tpl("prompt", true, "The question."),
                Map("promptByLanguage", "Per-language variants of the question."),
                Objs("options", true, "The buttons; each one is an output named by its id.", 1, 10,
                    Str("id", true, "The output handle of this option (unique in the node).", 64),
                    Tpl("label", true, "The button text.", 100), Str("value", false, "The value stored (default: the label)."),
                    Map("labelByLanguage", "Per-language variants of the label.")),
                Bool("allowFreeText", "Accept typed text that matches no option (it follows default)."),
                Var("variable", false, "Where the chosen value (or typed text) is stored.", "quick_reply"),
            ],
            [Out("default", true, "Followed for typed text, and for an option whose own output has no edge.")],
            new DynamicOutputs("options", "id", false, "Followed when the user picks this option (matched by value or label, case-insensitively)."),
            ["Option ids are unique within the node."]);

        yield return new(RichContent, "conversation", "Rich Content", "Sends one of the 15 widget rich content types (CHAN-2).", false, "next", false,
            [
                Enum("contentType", true, "The rich content type.", [.. RichContentTypes.Variants.Keys]),
                new SettingSpec("content", SettingKinds.Object, true, "The payload; its fields depend on contentType.")
                {
                    VariantsBy = "contentType",
                    Variants = RichContentTypes.Variants,
                },
            ],
            [Out("next", false, "Followed once the content is sent (button postbacks arrive as the user's next message)." + CompletesWhenUnconnected)], null,
            ["content must match the fields of its contentType."]);

        yield return new(CollectInput, "conversation", "Collect Input", "Asks for a value, validates it, re-asks on bad input.", false, "next", true,
            [
                Tpl("prompt", true, "The question."),
                Map("promptByLanguage", "Per-language variants of the question."),
                Enum("inputType", true, "How the answer is validated.", ["text", "number", "email", "phone", "date", "choice"]),
                List("choices", false, "Accepted answers when inputType is choice (case-insensitive).", 50),
                new SettingSpec("regex", SettingKinds.Regex, false, "An extra pattern the answer must match (evaluated with a 100 ms timeout).") { MaxLength = 500 },
                Tpl("errorMessage", false, "Sent when the answer is invalid, before asking again.", 1000, "Sorry, that doesn't look right. Please try again."),
                Int("maxRetries", false, "Invalid answers accepted before giving up.", 0, 10, 3),
                Var("variable", true, "Where the valid answer is stored (numbers as numbers, dates as ISO 8601)."),
            ],
            [
                Out("next", true, "Followed with a valid answer stored in variable."),
                Out("failed", false, "Followed after maxRetries invalid answers." + CompletesWhenUnconnected),
            ], null, ["choices is required (at least one) when inputType is choice."]);
    }
}
