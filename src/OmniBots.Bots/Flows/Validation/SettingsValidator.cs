using System.Text.Json;
using OmniBots.Bots.Flows.Catalogue;

namespace OmniBots.Bots.Flows.Validation;

/// <summary>Checks a settings object against its catalogue schema, reporting every problem with the setting's path.</summary>
internal sealed class SettingsValidator(Action<string, string, string> report)
{
    /// <summary>Validates <paramref name="settings"/> (null = no settings) against <paramref name="specs"/>.</summary>
    public void ValidateObject(JsonElement? settings, IReadOnlyList<SettingSpec> specs, string prefix)
    {
        if (settings is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            report(ProblemCodes.InvalidSetting, prefix.Length == 0 ? "settings" : prefix, "Must be an object.");
            return;
        }
        foreach (var spec in specs)
        {
            var path = prefix.Length == 0 ? spec.Name : $"{prefix}.{spec.Name}";
            JsonElement value = default;
            var present = settings is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(spec.Name, out value) && value.ValueKind != JsonValueKind.Null;
            var empty = present && value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0;
            if (!present || empty)
            {
                if (spec.Required)
                {
                    report(ProblemCodes.MissingSetting, path, $"'{spec.Name}' is required.");
                }
                continue;
            }
            ValidateValue(value, spec, path, settings!.Value);
        }
    }

    private void ValidateValue(JsonElement value, SettingSpec spec, string path, JsonElement parent)
    {
        switch (spec.Kind)
        {
            case SettingKinds.String:
                Text(value, spec, path);
                break;
            case SettingKinds.Template:
                if (Text(value, spec, path) is { } template && Syntax.TemplateError(template) is { } error)
                {
                    report(ProblemCodes.TemplateSyntax, path, error);
                }
                break;
            case SettingKinds.Variable:
                if (Text(value, spec, path) is { } name && !Syntax.IsVariableName(name))
                {
                    report(ProblemCodes.InvalidSetting, path, "A variable name: letters, digits and _ (not starting with a digit), parts joined by dots.");
                }
                break;
            case SettingKinds.Regex:
                if (Text(value, spec, path) is { } pattern && Syntax.RegexError(pattern) is { } regexError)
                {
                    report(ProblemCodes.InvalidRegex, path, regexError);
                }
                break;
            case SettingKinds.JsonPath:
                if (Text(value, spec, path) is { } jsonPath && !Syntax.IsJsonPath(jsonPath))
                {
                    report(ProblemCodes.InvalidSetting, path, "A JSONPath starting with $, e.g. $.data.items[0].id.");
                }
                break;
            case SettingKinds.Enum:
                if (Text(value, spec, path) is { } choice && !spec.Values!.Contains(choice, StringComparer.Ordinal))
                {
                    report(ProblemCodes.InvalidSetting, path, $"One of: {string.Join(", ", spec.Values!)}.");
                }
                break;
            case SettingKinds.Integer or SettingKinds.Number:
                Number(value, spec, path);
                break;
            case SettingKinds.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    report(ProblemCodes.InvalidSetting, path, "true or false.");
                }
                break;
            case SettingKinds.Uuid:
                if (Text(value, spec, path) is { } id && !Guid.TryParse(id, out _))
                {
                    report(ProblemCodes.InvalidSetting, path, "A UUID.");
                }
                break;
            case SettingKinds.StringList or SettingKinds.UuidList:
                foreach (var (item, index) in Items(value, spec, path))
                {
                    if (item.ValueKind != JsonValueKind.String || spec.Kind == SettingKinds.UuidList && !Guid.TryParse(item.GetString(), out _))
                    {
                        report(ProblemCodes.InvalidSetting, $"{path}[{index}]", spec.Kind == SettingKinds.UuidList ? "A UUID." : "A string.");
                    }
                }
                break;
            case SettingKinds.ObjectList:
                foreach (var (item, index) in Items(value, spec, path))
                {
                    ValidateObject(item, spec.Fields!, $"{path}[{index}]");
                }
                break;
            case SettingKinds.Object:
                ValidateObject(value, VariantFields(spec, parent) ?? spec.Fields ?? [], path);
                break;
            case SettingKinds.TemplateMap:
                TemplateMap(value, spec, path);
                break;
            case SettingKinds.PromptReference:
                PromptReference(value, path);
                break;
        }
    }

    private static IReadOnlyList<SettingSpec>? VariantFields(SettingSpec spec, JsonElement parent)
        => spec.VariantsBy is { } by && parent.TryGetProperty(by, out var selector) && selector.ValueKind == JsonValueKind.String
            && spec.Variants!.TryGetValue(selector.GetString()!, out var fields) ? fields : null;

    private string? Text(JsonElement value, SettingSpec spec, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            report(ProblemCodes.InvalidSetting, path, "A string.");
            return null;
        }
        var text = value.GetString()!;
        if (spec.MaxLength is { } max && text.Length > max)
        {
            report(ProblemCodes.InvalidSetting, path, $"At most {max} characters.");
        }
        return text;
    }

    private void Number(JsonElement value, SettingSpec spec, string path)
    {
        if (value.ValueKind != JsonValueKind.Number || spec.Kind == SettingKinds.Integer && !value.TryGetInt64(out _))
        {
            report(ProblemCodes.InvalidSetting, path, spec.Kind == SettingKinds.Integer ? "A whole number." : "A number.");
            return;
        }
        var number = value.GetDouble();
        if (number < spec.Min || number > spec.Max)
        {
            report(ProblemCodes.InvalidSetting, path, $"Between {spec.Min} and {spec.Max}.");
        }
    }

    private List<(JsonElement Item, int Index)> Items(JsonElement value, SettingSpec spec, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            report(ProblemCodes.InvalidSetting, path, "A list.");
            return [];
        }
        var count = value.GetArrayLength();
        if (spec.MinItems is { } min && count < min && spec.Required)
        {
            report(ProblemCodes.MissingSetting, path, $"At least {min} item(s).");
        }
        else if (spec.MaxItems is { } max && count > max)
        {
            report(ProblemCodes.InvalidSetting, path, $"At most {max} items.");
        }
        return value.EnumerateArray().Select((item, index) => (item, index)).ToList();
    }

    private void TemplateMap(JsonElement value, SettingSpec spec, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            report(ProblemCodes.InvalidSetting, path, "An object of language code -> text.");
            return;
        }
        if (spec.MaxItems is { } max && value.EnumerateObject().Count() > max)
        {
            report(ProblemCodes.InvalidSetting, path, $"At most {max} languages.");
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                report(ProblemCodes.InvalidSetting, $"{path}.{entry.Name}", "A string.");
            }
            else if (Syntax.TemplateError(entry.Value.GetString()!) is { } error)
            {
                report(ProblemCodes.TemplateSyntax, $"{path}.{entry.Name}", error);
            }
        }
    }

    private void PromptReference(JsonElement value, string path)
    {
        if (PromptRef.TryRead(value) is null)
        {
            report(ProblemCodes.InvalidSetting, path, "{ \"key\": \"prompt-key\", \"version\": 3 } or { \"key\": \"prompt-key\", \"version\": \"latest\" }.");
        }
    }
}

/// <summary>An LLM node's reference to a managed prompt; <see cref="Version"/> null means the latest version.</summary>
internal sealed record PromptRef(string Key, int? Version)
{
    public static PromptRef? TryRead(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String
            || key.GetString()!.Length == 0)
        {
            return null;
        }
        if (!value.TryGetProperty("version", out var version) || version.ValueKind == JsonValueKind.Null
            || version.ValueKind == JsonValueKind.String && version.GetString() == "latest")
        {
            return new PromptRef(key.GetString()!, null);
        }
        return version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number) && number >= 1
            ? new PromptRef(key.GetString()!, number)
            : null;
    }
}
