using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;
using OmniBots.Runtime.Http;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// An HTTP call with rendered URL, headers and body; timeoutMs (default 5 s) for the whole call, responses larger than
/// <see cref="Contracts.ExecutorOptions.MaxApiResponseBytes"/> refused, private and loopback addresses refused unless
/// allowed (SSRF). On 2xx: outputVariable (default api_response) = { status, body } and the JSONPath mappings applied,
/// then success. Anything else (non-2xx, timeout, refused address, a body that is not JSON while mappings need it)
/// follows error with error.message.
/// </summary>
internal sealed class ApiCallNode : INodeHandler
{
    public string Type => "api_call";
    public string? PassThrough => "success";

    public async ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var url = context.Render(settings.String("url"));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return context.Fail($"'{url}' is not an absolute http(s) URL.");
        }
        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(settings.Int("timeoutMs", 5000), 100, 30_000));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            using var request = Build(context, settings, uri);
            using var response = await context.ApiHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token);
            var body = await ReadLimitedAsync(response.Content, context.Options.MaxApiResponseBytes, timer.Token);
            var status = (int)response.StatusCode;
            var parsed = Parse(body, out var parseError);
            context.Set(context.OutputVariable("api_response"), new JsonObject { ["status"] = status, ["body"] = parsed ?? (body.Length > 0 ? body : null) });
            if (status is < 200 or > 299)
            {
                return context.Fail($"The API answered {status} {response.ReasonPhrase}.");
            }
            var mappings = settings.Objects("responseMappings").ToList();
            if (mappings.Count > 0 && parseError is not null)
            {
                return context.Fail($"The response body is not JSON: {parseError}");
            }
            foreach (var mapping in mappings)
            {
                if (mapping.String("variable") is { } variable && mapping.String("path") is { } path)
                {
                    var value = JsonPath.Select(parsed, path);
                    if (value is null)
                    {
                        context.Note($"{path} selects nothing: {variable} set to null");
                    }
                    context.Set(variable, value);
                }
            }
            return NodeResult.Follow("success");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return context.Fail($"The API did not answer within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (HttpRequestException e)
        {
            var refused = FindRefusal(e);
            return context.Fail(refused?.Message ?? $"The API call failed: {e.Message}");
        }
        catch (ResponseTooLargeException e)
        {
            return context.Fail(e.Message);
        }
        catch (FormatException e)
        {
            return context.Fail(e.Message);
        }
    }

    private static HttpRequestMessage Build(NodeContext context, Flows.NodeSettings settings, Uri uri)
    {
        var request = new HttpRequestMessage(new HttpMethod(settings.String("method", "GET")!), uri);
        string? contentType = null;
        foreach (var header in settings.Objects("headers"))
        {
            if (header.String("name") is not { } name)
            {
                continue;
            }
            var value = context.Render(header.String("value"));
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (settings.String("body") is { } bodyTemplate && request.Method != HttpMethod.Get)
        {
            request.Content = new StringContent(context.Render(bodyTemplate), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json; charset=utf-8");
        }
        return request;
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, int limit, CancellationToken ct)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new ResponseTooLargeException($"The response ({content.Headers.ContentLength} bytes) is larger than the limit of {limit} bytes.");
        }
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ResponseTooLargeException($"The response is larger than the limit of {limit} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonNode? Parse(string body, out string? error)
    {
        error = null;
        if (body.Length == 0)
        {
            error = "the body is empty";
            return null;
        }
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static RefusedAddressException? FindRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is RefusedAddressException refused)
            {
                return refused;
            }
        }
        return null;
    }

    private sealed class ResponseTooLargeException(string message) : Exception(message);
}
