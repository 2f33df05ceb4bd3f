using System.Text.Json;
using OmniBots.Bots.Flows.Catalogue;

namespace OmniBots.Bots.Flows.Validation;

/// <summary>The constraints between settings that a schema cannot say (each node type's <c>rules</c> in the catalogue).</summary>
internal static partial class FlowValidator
{
    private static void CheckRules(FlowNode node, string flow, ValidationReferences references, List<FlowProblem> problems)
    {
        var settings = node.Settings is { ValueKind: JsonValueKind.Object } s ? s : default;
        void Report(string code, string setting, string message) => problems.Add(new(code, message, flow, node.Id, Setting: setting));
        switch (node.Type)
        {
            case NodeCatalogue.LlmResponse:
                CheckPrompt(settings, references, Report);
                break;
            case NodeCatalogue.CollectInput:
                if (Str(settings, "inputType") == "choice" && (!settings.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array
                    || choices.GetArrayLength() == 0))
                {
                    Report(ProblemCodes.MissingSetting, "choices", "At least one choice is required when inputType is choice.");
                }
                break;
            case NodeCatalogue.Condition:
                UniqueIds(settings, "rules", "id", Report);
                CheckConditionRules(settings, Report);
                break;
            case NodeCatalogue.IntentRouter:
                UniqueIds(settings, "routes", "id", Report);
                break;
            case NodeCatalogue.QuickReplies:
                UniqueIds(settings, "options", "id", Report);
                break;
            case NodeCatalogue.IntentClassification:
                UniqueIds(settings, "intents", "name", Report);
                break;
            case NodeCatalogue.Loop:
                if (Str(settings, "mode") == "count" && !Has(settings, "count"))
                {
                    Report(ProblemCodes.MissingSetting, "count", "count is required in count mode.");
                }
                if (Str(settings, "mode") == "each" && !Has(settings, "items"))
                {
                    Report(ProblemCodes.MissingSetting, "items", "items is required in each mode.");
                }
                break;
            case NodeCatalogue.GoToFlow:
                CheckGoTo(settings, references, Report);
                break;
        }
    }

    private static void CheckPrompt(JsonElement settings, ValidationReferences references, Action<string, string, string> report)
    {
        var hasSystem = Has(settings, "systemPrompt");
        var hasPrompt = Has(settings, "prompt");
        if (hasSystem == hasPrompt)
        {
            report(hasSystem ? ProblemCodes.InvalidSetting : ProblemCodes.MissingSetting, "systemPrompt",
                "Give exactly one of systemPrompt (text) and prompt (a managed prompt reference).");
        }
        if (hasPrompt && PromptRef.TryRead(settings.GetProperty("prompt")) is { } reference)
        {
            var exists = references.PromptLatestVersions.TryGetValue(reference.Key, out var latest) && (reference.Version is null || reference.Version <= latest);
            if (!exists)
            {
                report(ProblemCodes.UnknownPrompt, "prompt",
                    $"No prompt '{reference.Key}'{(reference.Version is { } v ? $" with version {v}" : "")} in the prompt library.");
            }
        }
    }

    private static void CheckConditionRules(JsonElement settings, Action<string, string, string> report)
    {
        if (settings.ValueKind != JsonValueKind.Object || !settings.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var index = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            var op = Str(rule, "operator");
            var value = Str(rule, "value");
            if (op is not (null or "is_empty" or "is_not_empty") && string.IsNullOrEmpty(value))
            {
                report(ProblemCodes.MissingSetting, $"rules[{index}].value", $"Operator {op} needs a value.");
            }
            else if (op == "regex" && value is not null && !value.Contains("{{", StringComparison.Ordinal) && Syntax.RegexError(value) is { } error)
            {
                report(ProblemCodes.InvalidRegex, $"rules[{index}].value", error);
            }
            index++;
        }
    }

    private static void CheckGoTo(JsonElement settings, ValidationReferences references, Action<string, string, string> report)
    {
        var linked = Str(settings, "linkedFlow");
        var flowId = Str(settings, "flowId");
        if (string.IsNullOrEmpty(linked) == string.IsNullOrEmpty(flowId))
        {
            report(string.IsNullOrEmpty(linked) ? ProblemCodes.MissingSetting : ProblemCodes.InvalidSetting, "linkedFlow",
                "Give exactly one of linkedFlow (a linked flow key) and flowId (a reusable flow id).");
            return;
        }
        if (!string.IsNullOrEmpty(linked) && !references.LinkedFlowKeys.Contains(linked))
        {
            report(ProblemCodes.UnknownFlowTarget, "linkedFlow", $"This version has no linked flow '{linked}'.");
        }
        if (Guid.TryParse(flowId, out var id) && !references.ReusableFlowIds.Contains(id))
        {
            report(ProblemCodes.UnknownFlowTarget, "flowId", $"No reusable flow {id} in this tenant.");
        }
    }

    private static void UniqueIds(JsonElement settings, string list, string field, Action<string, string, string> report)
    {
        if (settings.ValueKind != JsonValueKind.Object || !settings.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (Str(item, field) is { Length: > 0 } id && !seen.Add(id))
            {
                report(ProblemCodes.InvalidSetting, $"{list}[{index}].{field}", $"'{id}' is used twice in {list}.");
            }
            index++;
        }
    }

    private static bool Has(JsonElement settings, string name)
        => settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && !(value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0);

    private static string? Str(JsonElement settings, string name)
        => settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
