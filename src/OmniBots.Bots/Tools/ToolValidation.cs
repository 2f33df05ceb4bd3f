using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows.Validation;
using OmniBots.Bots.Secrets;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Bots.Tools;

/// <summary>A tool checked and normalised for storing.</summary>
internal sealed record ToolDefinition(string Code, string Name, string Description, string Category, JsonObject Parameters, ToolAction Action, bool Enabled);

/// <summary>Validates a tool on save: every problem at once, keyed by field (<c>action.url</c>, <c>parameters.properties.x.type</c>).</summary>
internal static partial class ToolValidation
{
    public const int DefaultTimeoutMs = 5000;
    public const int MaxTimeoutMs = 30_000;
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] AuthTypes = ["none", "bearer", "header", "basic"];

    /// <summary>Codes the API routes use (<c>/tools/templates</c>…) and the system tools' codes.</summary>
    private static readonly HashSet<string> Reserved = ["templates", "settings", "analytics", "from_template", .. SystemTools.Codes];

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    public static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$")]
    private static partial Regex HeaderName();

    public static ToolDefinition Check(ToolInput input, FieldErrors errors)
    {
        var code = input.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
        {
            errors.Add("code", "1 to 64 lower-case letters, digits and '_', starting with a letter (the function name the model sees).");
        }
        else if (Reserved.Contains(code))
        {
            errors.Add("code", $"'{code}' is reserved.");
        }
        var name = errors.Text("name", input.Name, 100, required: true);
        var description = errors.Text("description", input.Description, 1000, required: true);
        var category = errors.Text("category", input.Category, 50, required: false);
        var parameters = input.Parameters ?? ParameterSchema.Empty();
        ParameterSchema.Check(parameters, "parameters", errors.Add);
        var action = CheckAction(input.Action, parameters, errors);
        return new ToolDefinition(code, name, description, category, parameters, action, input.Enabled ?? true);
    }

    private static ToolAction CheckAction(ToolAction? action, JsonObject parameters, FieldErrors errors)
    {
        if (action is null)
        {
            errors.Add("action", "Required: the HTTP call the tool makes.");
            return new ToolAction("GET", "", [], null, null, DefaultTimeoutMs, []);
        }
        var method = (action.Method ?? "GET").Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            errors.Add("action.method", $"One of {string.Join(", ", Methods)}.");
        }
        var url = action.Url?.Trim() ?? "";
        CheckTemplate("action.url", url, parameters, errors);
        if (url.Length == 0)
        {
            errors.Add("action.url", "Required.");
        }
        else if (!url.StartsWith("{{", StringComparison.Ordinal) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("action.url", "An absolute http(s) URL (a template may supply it whole, e.g. {{env.WEBHOOK_URL}}).");
        }
        var headers = action.Headers ?? [];
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i].Name is not { } headerName || !HeaderName().IsMatch(headerName))
            {
                errors.Add($"action.headers[{i}].name", "A header name (letters, digits and -).");
            }
            CheckTemplate($"action.headers[{i}].value", headers[i].Value ?? "", parameters, errors);
        }
        if (action.Body is { } body)
        {
            CheckTemplate("action.body", body, parameters, errors);
            if (method == "GET" && body.Length > 0)
            {
                errors.Add("action.body", "A GET request has no body: put the values in the URL.");
            }
        }
        var auth = CheckAuth(action.Auth, errors);
        var timeout = action.TimeoutMs ?? DefaultTimeoutMs;
        if (timeout is < 100 or > MaxTimeoutMs)
        {
            errors.Add("action.timeoutMs", $"Between 100 and {MaxTimeoutMs} ms.");
        }
        var mapping = action.ResponseMapping ?? [];
        for (var i = 0; i < mapping.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(mapping[i].Field) || mapping[i].Field!.Length > 64)
            {
                errors.Add($"action.responseMapping[{i}].field", "The result field's name (1 to 64 characters).");
            }
            if (FlowTemplates.JsonPathError(mapping[i].Path ?? "") is { } pathError)
            {
                errors.Add($"action.responseMapping[{i}].path", pathError);
            }
        }
        if (mapping.Select(m => m.Field).Distinct(StringComparer.Ordinal).Count() != mapping.Count)
        {
            errors.Add("action.responseMapping", "Each field is mapped once.");
        }
        return new ToolAction(method, url, [.. headers.Select(h => new ToolHeader(h.Name?.Trim(), h.Value ?? ""))], action.Body, auth, timeout,
            [.. mapping.Select(m => new ResponseField(m.Field?.Trim(), m.Path?.Trim()))]);
    }

    private static ToolAuth CheckAuth(ToolAuth? auth, FieldErrors errors)
    {
        var type = (auth?.Type ?? "none").Trim().ToLowerInvariant();
        if (!AuthTypes.Contains(type))
        {
            errors.Add("action.auth.type", $"One of {string.Join(", ", AuthTypes)}.");
        }
        if (type == "none")
        {
            return new ToolAuth("none", null, null, null);
        }
        if (auth?.Secret is not { } secret || !SecretStore.NamePattern().IsMatch(secret))
        {
            errors.Add("action.auth.secret", "The name of the tenant secret holding the credential (e.g. ORDERS_API_TOKEN).");
        }
        if (type == "header" && (auth?.HeaderName is not { } h || !HeaderName().IsMatch(h)))
        {
            errors.Add("action.auth.headerName", "The header that carries the secret (e.g. X-Api-Key).");
        }
        if (type == "basic" && string.IsNullOrWhiteSpace(auth?.Username))
        {
            errors.Add("action.auth.username", "Required for basic authentication (the secret is the password).");
        }
        return new ToolAuth(type, auth?.Secret, type == "header" ? auth?.HeaderName : null, type == "basic" ? auth?.Username : null);
    }

    /// <summary>Template syntax, and only <c>param.&lt;declared&gt;</c> and <c>env.X</c> paths (a tool has no flow variables).</summary>
    private static void CheckTemplate(string field, string text, JsonObject parameters, FieldErrors errors)
    {
        if (Syntax.TemplateError(text) is { } error)
        {
            errors.Add(field, error);
            return;
        }
        var declared = parameters["properties"] as JsonObject ?? [];
        foreach (var path in Syntax.TemplateVariables(text))
        {
            var root = path.Split('.', '[')[0];
            var second = path.Length > root.Length + 1 ? path[(root.Length + 1)..].Split('.', '[')[0] : "";
            if (root == "env" ? !SecretStore.NamePattern().IsMatch(second) : root != "param" || !declared.ContainsKey(second))
            {
                errors.Add(field, $"'{{{{{path}}}}}': use {{{{param.<parameter>}}}} for a declared parameter or {{{{env.SECRET_NAME}}}}.");
            }
        }
    }
}
