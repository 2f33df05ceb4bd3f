using System.Text.Json.Nodes;

namespace OmniBots.Bots.Tools;

/// <summary>A tool as the API takes it (create, replace). <see cref="Parameters"/> is the JSON-schema subset of ParameterSchema.</summary>
internal sealed record ToolInput(
    string? Code, string? Name, string? Description, string? Category, JsonObject? Parameters, ToolAction? Action, bool? Enabled);

/// <param name="Url">A template: <c>{{param.x}}</c> (URL-encoded when rendered) and <c>{{env.X}}</c>.</param>
/// <param name="Body">A template for POST/PUT/PATCH/DELETE; values are JSON-escaped when the content type is JSON.
/// Empty: the arguments as a JSON object for POST/PUT/PATCH, no body otherwise.</param>
/// <param name="TimeoutMs">100 to 30,000; default 5,000.</param>
/// <param name="ResponseMapping">Fields of the result object, each selected from the JSON response by JSONPath. Empty: the whole body.</param>
internal sealed record ToolAction(
    string? Method, string? Url, IReadOnlyList<ToolHeader>? Headers, string? Body, ToolAuth? Auth, int? TimeoutMs,
    IReadOnlyList<ResponseField>? ResponseMapping);

internal sealed record ToolHeader(string? Name, string? Value);

/// <param name="Type"><c>none</c>, <c>bearer</c> (Authorization: Bearer &lt;secret&gt;), <c>header</c> (HeaderName: &lt;secret&gt;)
/// or <c>basic</c> (Username and the secret as password).</param>
/// <param name="Secret">The tenant secret holding the token or password.</param>
internal sealed record ToolAuth(string? Type, string? Secret, string? HeaderName, string? Username);

internal sealed record ResponseField(string? Field, string? Path);

/// <summary>A stored (or system) tool. <see cref="System"/> tools are built in: read-only and run in process.</summary>
internal sealed record ToolView(
    string Code, string Name, string Description, string Category, JsonObject Parameters, ToolAction? Action, bool Enabled, bool System,
    DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);

internal sealed record ToolSettingsView(bool AllowPrivateNetworks, bool AllowedByConfiguration);

internal sealed record ToolSettingsRequest(bool? AllowPrivateNetworks);

internal sealed record ToolTestRequest(JsonObject? Arguments);

/// <summary>What the test panel shows: the request as sent with secrets masked, and the outcome.</summary>
internal sealed record ToolTestResult(
    bool Success, RenderedRequest? Request, int? Status, string? RawResponse, bool RawResponseTruncated, JsonNode? Result, string? Error, long LatencyMs);

internal sealed record RenderedRequest(string Method, string Url, IReadOnlyList<ToolHeader> Headers, string? Body);

/// <summary>Options bound from <c>Bots:Tools</c>.</summary>
internal sealed class ToolOptions
{
    /// <summary>Lets every tenant's tools call private and loopback addresses (development and tests); off by default.</summary>
    public bool AllowPrivateNetworks { get; set; }
}
