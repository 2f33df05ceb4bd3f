using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>generateContent, streamGenerateContent (SSE) and embeddings for the Gemini API and Vertex AI alike.</summary>
internal sealed class GeminiProvider(HttpClient http, GeminiApi api, ProviderTimeouts timeouts, TimeProvider time, bool sendCallIds) : ILlmProvider
{
    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = GeminiRequestWriter.Generate(request, sendCallIds);
        using var deadline = new CallDeadline(timeouts, time, cancellationToken);
        using var response = await SendAsync(api.GenerateUri(request.Model, stream: false), body, deadline);
        return GeminiResponseReader.Chat(await ReadBodyAsync(response, deadline), api.Name);
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = new CallDeadline(timeouts, time, cancellationToken);
        using var response = await SendAsync(api.EmbedUri(request.Model), api.EmbedBody(request), deadline);
        var embeddings = api.ReadEmbeddings(await ReadBodyAsync(response, deadline), request);
        if (embeddings.Vectors.Count != request.Inputs.Count)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{api.Name} returned {embeddings.Vectors.Count} embeddings for {request.Inputs.Count} inputs.");
        }
        return embeddings;
    }

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = GeminiRequestWriter.Generate(request, sendCallIds);
        using var deadline = new CallDeadline(timeouts, time, cancellationToken);
        using var response = await SendAsync(api.GenerateUri(request.Model, stream: true), body, deadline);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Body));
        var chunks = new GeminiStreamReader(api.Name);
        var data = new StringBuilder();
        while (await ReadLineAsync(reader, deadline) is { } line)
        {
            // SSE: data lines accumulate until a blank line ends the event; comments and other fields carry nothing.
            if (line.Length == 0 && data.Length > 0)
            {
                foreach (var delta in chunks.Read(data.ToString()))
                {
                    yield return delta;
                }
                data.Clear();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(data.Length > 0 ? "\n" : "").Append(line.AsSpan(5).TrimStart(' '));
            }
        }
        if (data.Length > 0)
        {
            foreach (var delta in chunks.Read(data.ToString()))
            {
                yield return delta;
            }
        }
        foreach (var delta in chunks.End())
        {
            yield return delta;
        }
    }

    private async Task<string?> ReadLineAsync(StreamReader reader, CallDeadline deadline)
    {
        try
        {
            return await reader.ReadLineAsync(deadline.Body);
        }
        catch (OperationCanceledException ex) when (deadline.TimeoutFor(ex, api.Name, LlmErrorKind.StreamInterrupted) is { } interrupted)
        {
            // Past the first byte the caller may have seen part of the answer: never a retryable Timeout.
            throw interrupted;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"{api.Name}'s stream broke: " + ex.Message, ex);
        }
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, CallDeadline deadline)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(deadline.Body);
        }
        catch (OperationCanceledException ex) when (deadline.TimeoutFor(ex, api.Name) is { } timeout)
        {
            throw timeout;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{api.Name}'s response body broke off: " + ex.Message, ex);
        }
    }

    /// <summary>Authorizes, sends, and returns a success response with its headers read; failures become typed exceptions.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri uri, byte[] body, CallDeadline deadline)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            await api.AuthorizeAsync(message, deadline.UntilHeaders);
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.UntilHeaders);
        }
        catch (OperationCanceledException ex) when (deadline.TimeoutFor(ex, api.Name) is { } timeout)
        {
            throw timeout;
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(LlmErrorKind.ServerError, $"{api.Name} could not be reached: " + ex.Message, ex);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await GeminiErrors.FromResponseAsync(response, api.Name, time, deadline.Caller);
        }
    }
}
