using static OmniBots.Bots.Flows.Catalogue.S;

namespace OmniBots.Bots.Flows.Catalogue;

/// <summary>The 15 widget rich content types (SPEC CHAN-2) and the fields of each payload.</summary>
internal static class RichContentTypes
{
    private static SettingSpec[] ButtonFields() =>
    [
        Tpl("label", true, "The button text.", 100),
        Enum("action", true, "postback sends value as the user's message; url opens it; phone dials it; copy copies it.", ["postback", "url", "phone", "copy"]),
        Tpl("value", true, "The postback payload, URL, phone number or text to copy.", 2000),
    ];

    private static SettingSpec Buttons(int min, int max) => Objs("buttons", min > 0, "Buttons.", min, max, ButtonFields());

    private static SettingSpec[] CardFields() =>
    [
        Tpl("title", true, "Title.", 200), Tpl("subtitle", false, "Subtitle.", 500), Tpl("imageUrl", false, "Image URL.", 2000), Buttons(0, 5),
    ];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<SettingSpec>> Variants = new Dictionary<string, IReadOnlyList<SettingSpec>>(StringComparer.Ordinal)
    {
        ["text"] = [Tpl("text", true, "The text."), Bool("markdown", "Render as Markdown.")],
        ["buttons"] = [Tpl("text", true, "The text above the buttons."), Buttons(1, 10)],
        ["card"] = CardFields(),
        ["carousel"] = [Objs("cards", true, "The cards, scrolled horizontally.", 1, 10, CardFields())],
        ["image"] = [Tpl("url", true, "Image URL.", 2000), Tpl("alt", false, "Alternative text.", 300)],
        ["video"] = [Tpl("url", true, "Video URL.", 2000), Tpl("posterUrl", false, "Poster image URL.", 2000)],
        ["audio"] = [Tpl("url", true, "Audio URL.", 2000)],
        ["file"] = [Tpl("url", true, "File URL.", 2000), Tpl("name", true, "File name.", 255), Int("sizeBytes", false, "Size shown.", 0, 52_428_800)],
        ["list"] = [Tpl("title", false, "List title.", 200), Objs("items", true, "The items.", 1, 20,
            Tpl("title", true, "Title.", 200), Tpl("subtitle", false, "Subtitle.", 500), Tpl("imageUrl", false, "Image URL.", 2000),
            Obj("button", false, "An optional button.", ButtonFields()))],
        ["location"] = [Num("latitude", true, "Latitude.", -90, 90), Num("longitude", true, "Longitude.", -180, 180), Tpl("label", false, "Label.", 200)],
        ["form"] = [Tpl("title", false, "Title.", 200), Objs("fields", true, "Fields; submitted values are stored in the variables named.", 1, 20,
                Var("name", true, "The variable the value goes to."), Tpl("label", true, "Label.", 200),
                Enum("type", true, "Input type.", ["text", "number", "email", "phone", "date", "select", "textarea"]),
                Bool("required", "The field must be filled."), List("options", false, "Choices for select.", 50)),
            Tpl("submitLabel", false, "Submit button text.", 50, "Submit")],
        ["rating"] = [Tpl("prompt", true, "The question."), Int("scale", false, "Number of steps.", 2, 10, 5),
            Enum("style", false, "How it is shown.", ["stars", "numbers", "thumbs"], "stars")],
        ["chips"] = [Objs("chips", true, "Compact suggestion chips (postbacks).", 1, 20, Tpl("label", true, "Chip text.", 100), Str("value", false, "Payload (default: label)."))],
        ["info_alert"] = [Tpl("text", true, "The alert text.", 1000), Enum("level", false, "Severity.", ["info", "success", "warning", "error"], "info")],
        ["divider"] = [Tpl("label", false, "Optional label on the divider.", 100)],
    };
}
