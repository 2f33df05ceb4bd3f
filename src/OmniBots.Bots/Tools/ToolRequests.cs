using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Bots.Tools;

/// <summary>
/// Renders a tool's HTTP action for validated arguments with the runtime's template rules: <c>{{param.x}}</c> from the
/// arguments (URL-encoded in the URL, JSON-escaped in a JSON body: a value can never change the request's shape) and
/// <c>{{env.X}}</c> from the tenant's secrets (as stored: they are the tenant admin's, not the caller's). The same
/// rendering with every secret replaced by <see cref="Mask"/> is what the test panel and errors show.
/// </summary>
internal static class ToolRequests
{
    public const string Mask = "***";

    /// <summary>The request to send (<paramref name="masked"/> false) or to show (true). Throws <see cref="ToolRequestException"/>
    /// when a secret it names is not set or the URL is not http(s).</summary>
    public static RenderedRequest Render(ToolAction action, JsonObject arguments, IReadOnlyDictionary<string, string> secrets, bool masked)
    {
        var env = masked ? secrets.ToDictionary(p => p.Key, _ => Mask, StringComparer.Ordinal) : secrets;
        var missing = new List<string>();
        var url = FlowTemplates.Render(action.Url ?? "", Variables(arguments, Uri.EscapeDataString), env, missing);
        var headers = new List<ToolHeader>();
        string? contentType = null;
        foreach (var header in action.Headers ?? [])
        {
            var value = FlowTemplates.Render(header.Value ?? "", Variables(arguments, null), env, missing);
            headers.Add(new ToolHeader(header.Name, value));
            contentType = string.Equals(header.Name, "Content-Type", StringComparison.OrdinalIgnoreCase) ? value : contentType;
        }
        AddAuth(action.Auth, secrets, masked, headers);
        var method = action.Method ?? "GET";
        string? body = null;
        if (!string.IsNullOrEmpty(action.Body) && method != "GET")
        {
            var json = contentType is null || contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
            var jsonEnv = json ? env.ToDictionary(p => p.Key, p => JsonEscape(p.Value), StringComparer.Ordinal) : env;
            body = FlowTemplates.Render(action.Body, Variables(arguments, json ? JsonEscape : null), jsonEnv, missing);
        }
        else if (method is "POST" or "PUT" or "PATCH")
        {
            body = arguments.ToJsonString();
        }
        var unset = missing.Where(m => m.StartsWith("env.", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (unset.Count > 0)
        {
            throw new ToolRequestException($"The tenant secret(s) {string.Join(", ", unset.Select(m => m[4..]))} are not set (Settings → Secrets).");
        }
        if (!masked && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new ToolRequestException($"'{Render(action, arguments, secrets, masked: true).Url}' is not an absolute http(s) URL.");
        }
        return new RenderedRequest(method, url, headers, body);
    }

    public static HttpRequestMessage ToHttp(RenderedRequest rendered)
    {
        var request = new HttpRequestMessage(new HttpMethod(rendered.Method), rendered.Url);
        string? contentType = null;
        foreach (var header in rendered.Headers)
        {
            if (string.Equals(header.Name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = header.Value;
            }
            else if (!request.Headers.TryAddWithoutValidation(header.Name!, header.Value))
            {
                throw new ToolRequestException($"Header '{header.Name}' cannot be set on a request.");
            }
        }
        if (rendered.Body is not null)
        {
            request.Content = new StringContent(rendered.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json; charset=utf-8");
        }
        return request;
    }

    private static void AddAuth(ToolAuth? auth, IReadOnlyDictionary<string, string> secrets, bool masked, List<ToolHeader> headers)
    {
        if (auth?.Type is null or "none")
        {
            return;
        }
        if (!secrets.TryGetValue(auth.Secret ?? "", out var secret))
        {
            throw new ToolRequestException($"The tenant secret {auth.Secret} (the tool's {auth.Type} authentication) is not set (Settings → Secrets).");
        }
        var value = masked ? Mask : secret;
        headers.Add(auth.Type switch
        {
            "bearer" => new ToolHeader("Authorization", $"Bearer {value}"),
            "header" => new ToolHeader(auth.HeaderName, value),
            _ => new ToolHeader("Authorization",
                "Basic " + (masked ? Mask : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{secret}")))),
        });
    }

    /// <summary><c>{ param: arguments }</c> with every text value passed through <paramref name="escape"/>.</summary>
    private static JsonObject Variables(JsonObject arguments, Func<string, string>? escape)
        => new() { ["param"] = escape is null ? arguments.DeepClone() : EscapeTexts(arguments, escape) };

    private static JsonNode? EscapeTexts(JsonNode? node, Func<string, string> escape) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, EscapeTexts(p.Value, escape)))),
        JsonArray a => new JsonArray([.. a.Select(i => EscapeTexts(i, escape))]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(escape(v.GetValue<string>())),
        _ => node?.DeepClone(),
    };

    private static string JsonEscape(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}

/// <summary>A tool's request could not be built (a secret not set, a bad URL or header).</summary>
internal sealed class ToolRequestException(string message) : Exception(message);
