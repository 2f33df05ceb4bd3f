using System.Text.RegularExpressions;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows.Validation;

namespace OmniBots.Bots.Bots;

/// <summary>Checks bot fields (BOT-1), naming each bad field.</summary>
internal static partial class BotInput
{
    public const int DefaultIdleTimeoutMinutes = 30;
    public const int MinIdleTimeoutMinutes = 1;
    public const int MaxIdleTimeoutMinutes = 1440;
    public static readonly string[] Statuses = ["active", "disabled"];

    // BCP-47 as used in practice: a 2-3 letter language, then subtags (script, region, variant).
    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$")]
    private static partial Regex ModelCode();

    public static BotFields Check(BotRequest request, bool create, FieldErrors errors)
    {
        var name = request.Name is null && !create ? null : errors.Text("name", request.Name, 100, required: true);
        var description = request.Description is null ? null : errors.Text("description", request.Description, 1000, required: false);
        var languages = request.Languages is null ? (create ? ["en"] : null) : Languages(request.Languages, errors);
        var defaultLanguage = request.DefaultLanguage?.Trim();
        if (create)
        {
            defaultLanguage ??= languages?.FirstOrDefault();
        }
        if (defaultLanguage is not null && languages is not null && !languages.Contains(defaultLanguage, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("defaultLanguage", "Must be one of languages.");
        }
        var model = request.DefaultModel?.Trim();
        if (model is { Length: > 0 } && !ModelCode().IsMatch(model))
        {
            errors.Add("defaultModel", "A gateway model code (letters, digits, . _ : / -), or empty for the tenant's default.");
        }
        if (request.KnowledgeBaseIds is { Length: > 20 })
        {
            errors.Add("knowledgeBaseIds", "At most 20 knowledge bases.");
        }
        var greeting = request.Greeting is null ? null : errors.Text("greeting", request.Greeting, 2000, required: false);
        if (greeting is not null && Syntax.TemplateError(greeting) is { } templateError)
        {
            errors.Add("greeting", templateError);
        }
        var idle = request.IdleTimeoutMinutes ?? (create ? DefaultIdleTimeoutMinutes : null);
        if (idle is < MinIdleTimeoutMinutes or > MaxIdleTimeoutMinutes)
        {
            errors.Add("idleTimeoutMinutes", $"Between {MinIdleTimeoutMinutes} and {MaxIdleTimeoutMinutes} minutes.");
        }
        var status = request.Status ?? (create ? "active" : null);
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors.Add("status", "active or disabled.");
        }
        return new(name, description, languages, defaultLanguage, model, request.KnowledgeBaseIds?.Distinct().ToArray(), greeting, idle, status);
    }

    private static string[] Languages(string[] requested, FieldErrors errors)
    {
        var languages = requested.Select(l => l?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (languages.Length is 0 or > 20)
        {
            errors.Add("languages", "1 to 20 language tags.");
        }
        var bad = languages.Where(l => !LanguageTag().IsMatch(l)).ToArray();
        if (bad.Length > 0)
        {
            errors.Add("languages", $"Not BCP-47 language tags: {string.Join(", ", bad.Select(b => $"'{b}'"))}.");
        }
        return languages;
    }
}
