using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>
/// Chat Completions and Embeddings over plain HTTP for every server that speaks OpenAI's format (OpenAI, Azure
/// OpenAI, OpenAI-compatible servers); the <see cref="OpenAiDialect"/> says where calls go and how they are signed.
/// </summary>
internal sealed class OpenAiProvider(HttpClient http, OpenAiDialect dialect, ProviderTimeouts timeouts, TimeProvider time) : ILlmProvider
{
    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await PostForStringAsync(dialect.ChatUri(request.Model), OpenAiRequestWriter.Chat(request, stream: false), cancellationToken);
        return OpenAiResponseReader.Chat(body);
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await PostForStringAsync(dialect.EmbeddingsUri(request.Model), OpenAiRequestWriter.Embeddings(request), cancellationToken);
        var response = OpenAiResponseReader.Embeddings(body);
        if (response.Vectors.Count != request.Inputs.Count)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{dialect.Name} returned {response.Vectors.Count} embeddings for {request.Inputs.Count} inputs.");
        }
        return response;
    }

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadlines = new CallDeadlines(timeouts, time, cancellationToken);
        using var response = await SendAsync(dialect.ChatUri(request.Model), OpenAiRequestWriter.Chat(request, stream: true), deadlines);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadlines.UntilEnd));
        var done = false;
        while (!done)
        {
            var line = await ReadLineAsync(reader, deadlines);
            if (line is null)
            {
                throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"{dialect.Name}'s stream ended before [DONE].");
            }
            // SSE: only data lines carry payload; comments (":"), event names and blank separators do not.
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }
            var data = line[5..].Trim();
            done = data == "[DONE]";
            if (!done)
            {
                foreach (var delta in OpenAiResponseReader.Chunk(data))
                {
                    yield return delta;
                }
            }
        }
    }

    private async Task<string?> ReadLineAsync(StreamReader reader, CallDeadlines deadlines)
    {
        try
        {
            return await reader.ReadLineAsync(deadlines.UntilEnd);
        }
        catch (OperationCanceledException ex) when (deadlines.Timeout(dialect.Name, ex) is { } timeout)
        {
            throw timeout;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"{dialect.Name}'s stream broke: " + ex.Message, ex);
        }
    }

    private async Task<string> PostForStringAsync(Uri uri, byte[] body, CancellationToken cancellationToken)
    {
        using var deadlines = new CallDeadlines(timeouts, time, cancellationToken);
        using var response = await SendAsync(uri, body, deadlines);
        try
        {
            return await response.Content.ReadAsStringAsync(deadlines.UntilEnd);
        }
        catch (OperationCanceledException ex) when (deadlines.Timeout(dialect.Name, ex) is { } timeout)
        {
            throw timeout;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{dialect.Name}'s response body broke off: " + ex.Message, ex);
        }
    }

    /// <summary>Sends and returns a success response with headers read; errors and timeouts become typed exceptions.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri uri, byte[] body, CallDeadlines deadlines)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            await dialect.AuthorizeAsync(message, deadlines.UntilHeaders);
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadlines.UntilHeaders);
        }
        catch (OperationCanceledException ex) when (deadlines.Timeout(dialect.Name, ex) is { } timeout)
        {
            throw timeout;
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(LlmErrorKind.ServerError, $"{dialect.Name} could not be reached: " + ex.Message, ex);
        }
        deadlines.HeadersArrived();
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            try
            {
                throw await OpenAiErrors.FromResponseAsync(response, dialect.Name, time, deadlines.UntilEnd);
            }
            catch (OperationCanceledException ex) when (deadlines.Timeout(dialect.Name, ex) is { } timeout)
            {
                throw timeout;
            }
        }
    }
}
