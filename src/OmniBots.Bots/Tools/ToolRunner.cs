using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OmniBots.Bots.Contracts;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Bots.Tools;

/// <summary>
/// Runs one tool call for flows and the test panel: arguments checked against the schema, the action rendered with the
/// tenant's secrets, the HTTP call (timeout, 1 MiB response limit, SSRF guard unless the tenant or the configuration
/// allows private networks), the response mapped by JSONPath, the execution recorded. Never throws for a failing call:
/// the outcome says what went wrong (with secrets masked).
/// </summary>
internal sealed class ToolRunner(
    ToolStore store, IFlowEnvironment environment, ToolHttp http, ToolExecutions executions, IOptions<ToolOptions> options, TimeProvider time)
{
    public const int MaxResponseBytes = 1024 * 1024;
    public const int ShownResponseChars = 4096;

    /// <param name="timeout">The caller's limit; the tool's own timeoutMs applies when shorter.</param>
    public async Task<ToolTestResult?> RunAsync(string code, JsonObject arguments, string source, TimeSpan? timeout, CancellationToken ct)
    {
        var tool = await store.FindAsync(code, ct);
        if (tool is null)
        {
            return null;
        }
        var started = Stopwatch.GetTimestamp(); // elapsed wall time: a test's hand-moved TimeProvider would read 0
        var outcome = await RunAsync(tool, arguments, timeout, ct);
        var latency = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        outcome = outcome with { LatencyMs = latency };
        await executions.RecordAsync(code, source, outcome.Success, outcome.Status, outcome.Error, latency);
        return outcome;
    }

    private async Task<ToolTestResult> RunAsync(ToolView tool, JsonObject arguments, TimeSpan? timeout, CancellationToken ct)
    {
        if (!tool.Enabled)
        {
            return Failed($"Tool '{tool.Code}' is disabled.");
        }
        var problems = new List<string>();
        var valid = ToolArguments.Validate(tool.Parameters, arguments, problems);
        if (problems.Count > 0)
        {
            return Failed($"Invalid arguments for '{tool.Code}': {string.Join(" ", problems)}");
        }
        if (tool.System)
        {
            var (value, error) = SystemTools.Run(tool.Code, valid, time);
            return error is null ? new ToolTestResult(true, null, null, null, false, value, null, 0) : Failed(error);
        }
        var secrets = await environment.LoadAsync(ct);
        RenderedRequest shown;
        RenderedRequest real;
        try
        {
            shown = ToolRequests.Render(tool.Action!, valid, secrets, masked: true);
            real = ToolRequests.Render(tool.Action!, valid, secrets, masked: false);
        }
        catch (ToolRequestException e)
        {
            return Failed(e.Message);
        }
        var limit = TimeSpan.FromMilliseconds(tool.Action!.TimeoutMs ?? ToolValidation.DefaultTimeoutMs);
        if (timeout is { } callerLimit && callerLimit < limit)
        {
            limit = callerLimit;
        }
        var call = await CallAsync(real, limit, ct);
        var raw = call.RawResponse is null ? null : Masked(call.RawResponse, secrets);
        var result = call with
        {
            Request = shown,
            RawResponse = raw is { Length: > ShownResponseChars } ? raw[..ShownResponseChars] : raw,
            RawResponseTruncated = raw is { Length: > ShownResponseChars },
            Error = call.Error is null ? null : Masked(call.Error, secrets),
        };
        return result.Success ? Map(result, tool.Action.ResponseMapping ?? [], call.RawResponse ?? "") : result;
    }

    private async Task<ToolTestResult> CallAsync(RenderedRequest rendered, TimeSpan limit, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(limit);
        try
        {
            var allowPrivate = options.Value.AllowPrivateNetworks || await store.AllowsPrivateNetworksAsync(timer.Token);
            using var request = ToolRequests.ToHttp(rendered);
            using var response = await http.For(allowPrivate).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token);
            var body = await ReadLimitedAsync(response.Content, timer.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and <= 299
                ? new ToolTestResult(true, null, status, body, false, null, null, 0)
                : new ToolTestResult(false, null, status, body, false, null, $"The service answered {status} {response.ReasonPhrase}.", 0);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed($"The service did not answer within {limit.TotalMilliseconds:0} ms.");
        }
        catch (HttpRequestException e)
        {
            return Failed(Find<ToolRequestException>(e)?.Message ?? $"The call failed: {e.Message}");
        }
        catch (ToolRequestException e)
        {
            return Failed(e.Message);
        }
    }

    private static ToolTestResult Map(ToolTestResult call, IReadOnlyList<ResponseField> mapping, string body)
    {
        JsonNode? parsed = null;
        string? parseError = null;
        try
        {
            parsed = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            parseError = e.Message;
        }
        if (mapping.Count == 0)
        {
            return call with { Result = parseError is null ? parsed : JsonValue.Create(body) };
        }
        if (parseError is not null || parsed is null)
        {
            return call with { Success = false, Error = $"The response is not JSON, so it cannot be mapped: {parseError ?? "the body is empty"}" };
        }
        var result = new JsonObject();
        foreach (var field in mapping)
        {
            result[field.Field!] = FlowTemplates.SelectJsonPath(parsed, field.Path!);
        }
        return call with { Result = result };
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new ToolRequestException($"The response ({content.Headers.ContentLength} bytes) is larger than the limit of {MaxResponseBytes} bytes.");
        }
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new ToolRequestException($"The response is larger than the limit of {MaxResponseBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A service may echo what it was sent: no secret value (of 4 characters or more) is shown back.</summary>
    private static string Masked(string text, IReadOnlyDictionary<string, string> secrets)
        => secrets.Values.Where(v => v.Length >= 4).OrderByDescending(v => v.Length)
            .Aggregate(text, (current, secret) => current.Replace(secret, ToolRequests.Mask, StringComparison.Ordinal));

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }
        return null;
    }

    private static ToolTestResult Failed(string error) => new(false, null, null, null, false, null, error, 0);
}
