using System.Net.Http.Headers;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers;

/// <summary>Turns a non-success response and its body (already read) into the provider's typed error.</summary>
internal delegate LlmProviderException ProviderErrorReader(HttpResponseMessage response, string body);

/// <summary>
/// The HTTP plumbing every adapter shares: POST a JSON body within the <see cref="CallDeadlines"/>, read a body or
/// the next SSE event, and turn each failure into its <see cref="LlmErrorKind"/> the same way for every provider:
/// unreachable → ServerError, non-success → the provider's error reader, a body that breaks off → MalformedResponse,
/// a stream that breaks → StreamInterrupted, a deadline → Timeout, the caller's cancellation → cancellation.
/// </summary>
internal static class ProviderHttp
{
    /// <summary>Authorizes, sends, and returns a success response with its headers read.</summary>
    public static async Task<HttpResponseMessage> PostJsonAsync(
        HttpClient http, Uri uri, byte[] body, CallDeadlines call, ProviderErrorReader errors,
        Func<HttpRequestMessage, CancellationToken, ValueTask>? authorize = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            if (authorize is not null)
            {
                // Inside the first-byte deadline: a token fetch is part of waiting for the answer.
                await authorize(message, call.UntilHeaders);
            }
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, call.UntilHeaders);
        }
        catch (Exception ex) when (call.Ended(ex) is { } ended)
        {
            throw ended;
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(LlmErrorKind.ServerError, $"{call.Provider} could not be reached: " + ex.Message, ex);
        }
        call.HeadersArrived();
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            string errorBody;
            try
            {
                errorBody = await response.Content.ReadAsStringAsync(call.UntilEnd);
            }
            catch (Exception ex) when (call.Ended(ex) is { } ended)
            {
                throw ended;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // The status still says what went wrong; the body would only have added detail.
                errorBody = "";
            }
            throw errors(response, errorBody);
        }
    }

    /// <summary>The whole body of a success response as text.</summary>
    public static async Task<string> ReadBodyAsync(HttpResponseMessage response, CallDeadlines call)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(call.UntilEnd);
        }
        catch (Exception ex) when (call.Ended(ex) is { } ended)
        {
            throw ended;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{call.Provider}'s response body broke off: " + ex.Message, ex);
        }
    }

    /// <summary>The whole body of a success response as UTF-8 bytes (JSON parses them without a detour through a string).</summary>
    public static async Task<byte[]> ReadBodyBytesAsync(HttpResponseMessage response, CallDeadlines call)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(call.UntilEnd);
        }
        catch (Exception ex) when (call.Ended(ex) is { } ended)
        {
            throw ended;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{call.Provider}'s response body broke off: " + ex.Message, ex);
        }
    }

    /// <summary>The event stream of a success response.</summary>
    public static async Task<ServerSentEventReader> EventsAsync(HttpResponseMessage response, CallDeadlines call, bool dispatchUnterminated = false)
    {
        try
        {
            return new ServerSentEventReader(await response.Content.ReadAsStreamAsync(call.UntilEnd), dispatchUnterminated);
        }
        catch (Exception ex) when (call.Ended(ex) is { } ended)
        {
            throw ended;
        }
    }

    /// <summary>The next event, or null at the end of the stream; <paramref name="totalKind"/> as in <see cref="CallDeadlines.Ended"/>.</summary>
    public static async ValueTask<ServerSentEvent?> NextEventAsync(ServerSentEventReader events, CallDeadlines call, LlmErrorKind totalKind = LlmErrorKind.Timeout)
    {
        try
        {
            return await events.ReadAsync(call.UntilEnd);
        }
        catch (Exception ex) when (call.Ended(ex, totalKind) is { } ended)
        {
            throw ended;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"{call.Provider}'s stream broke: " + ex.Message, ex);
        }
    }
}
