using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// Asks, validates the answer by inputType (and regex, 100 ms timeout: a timeout is no match), stores it (numbers as
/// numbers, dates as ISO 8601). An invalid answer sends errorMessage and asks again (maxRetries times); the next invalid
/// answers the node follows failed. The counter lives in the state, so retries survive across turns.
/// </summary>
internal sealed partial class CollectInputNode : IWaitingNodeHandler
{
    private const string DefaultError = "Sorry, that doesn't look right. Please try again.";
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "MM/dd/yyyy", "d MMM yyyy", "d MMMM yyyy", "MMMM d, yyyy"];

    public string Type => "collect_input";
    public string? PassThrough => "next";

    public ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        context.State.Retries.Remove(context.Key);
        Ask(context);
        return ValueTask.FromResult(NodeResult.WaitFor(new WaitState(WaitKinds.Input)));
    }

    public ValueTask<NodeResult> ResumeAsync(NodeContext context, InboundEvent inbound, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var answer = (inbound.UserInput ?? "").Trim();
        var value = Validate(context, settings.String("inputType", "text")!, answer, out var problem);
        if (value is not null && settings.String("regex") is { } pattern && !Matches(context, pattern, answer))
        {
            value = null;
            problem = "the answer does not match the pattern";
        }
        if (value is not null)
        {
            context.State.Retries.Remove(context.Key);
            context.Set(settings.String("variable", "input")!, value);
            return ValueTask.FromResult(NodeResult.Follow("next"));
        }
        var failures = context.State.Retries.GetValueOrDefault(context.Key) + 1;
        context.Note($"invalid answer {failures}: {problem}");
        if (failures > settings.Int("maxRetries", 3)) // maxRetries re-asks, then failed
        {
            context.State.Retries.Remove(context.Key);
            return ValueTask.FromResult(NodeResult.Follow("failed"));
        }
        context.State.Retries[context.Key] = failures;
        context.Send(OutboundMessage.PlainText(context.Render(settings.String("errorMessage", DefaultError)), null));
        Ask(context);
        return ValueTask.FromResult(NodeResult.WaitFor(new WaitState(WaitKinds.Input)));
    }

    private static void Ask(NodeContext context) => context.Send(new OutboundMessage(MessageKinds.Text)
    {
        Text = context.RenderLocalized(context.Settings, "prompt", "promptByLanguage"),
        QuickReplies = context.Settings.String("inputType") == "choice"
            ? [.. context.Settings.Strings("choices").Select(c => new QuickReply(c, c))] : null,
    });

    /// <summary>The value to store, or null with the reason.</summary>
    private static JsonValue? Validate(NodeContext context, string inputType, string answer, out string problem)
    {
        problem = $"not a valid {inputType}";
        if (answer.Length == 0)
        {
            problem = "empty answer";
            return null;
        }
        switch (inputType)
        {
            case "number":
                var normalized = answer.Replace(" ", "", StringComparison.Ordinal);
                return double.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? JsonValue.Create(number) : null;
            case "email":
                return Email().IsMatch(answer) ? JsonValue.Create(answer) : null;
            case "phone":
                var digits = answer.Count(char.IsAsciiDigit);
                return Phone().IsMatch(answer) && digits is >= 7 and <= 15 ? JsonValue.Create(answer) : null;
            case "date":
                return DateOnly.TryParseExact(answer, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date)
                    ? JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null;
            case "choice":
                var choice = context.Settings.Strings("choices").FirstOrDefault(c => string.Equals(c, answer, StringComparison.OrdinalIgnoreCase));
                return choice is null ? null : JsonValue.Create(choice);
            default:
                return JsonValue.Create(answer);
        }
    }

    private static bool Matches(NodeContext context, string pattern, string answer)
    {
        var regex = context.Flows.Regex(pattern);
        if (regex is null)
        {
            context.Note("the regex does not compile: treated as no match");
            return false;
        }
        try
        {
            return regex.IsMatch(answer);
        }
        catch (RegexMatchTimeoutException)
        {
            context.Note("the regex timed out (100 ms): treated as no match");
            return false;
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[0-9 ().\-]+$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Phone();
}
