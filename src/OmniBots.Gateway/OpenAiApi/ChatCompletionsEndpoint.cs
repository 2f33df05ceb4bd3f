using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary><c>POST /v1/chat/completions</c>: JSON, or SSE chunks ending with <c>data: [DONE]</c> when <c>stream</c> is true.</summary>
internal static class ChatCompletionsEndpoint
{
    public const string Feature = "openai-api";

    public static async Task<IResult> HandleAsync(HttpContext context, ILlmGateway gateway, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var key = VirtualKeyFilter.KeyOf(context);
        ChatCompletionRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, ct);
            request = ChatCompletionRequestReader.Read(body.RootElement);
        }
        catch (JsonException)
        {
            await OpenAiErrors.WriteAsync(context, OpenAiApiException.Invalid("body", "The request body is not valid JSON."));
            return Results.Empty;
        }
        catch (OpenAiApiException error)
        {
            await OpenAiErrors.WriteAsync(context, error);
            return Results.Empty;
        }
        var call = new GatewayCall(Feature) { VirtualKeyId = key.Id };
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var model = request.Chat.Model;
        if (!request.Stream)
        {
            ChatResponse response;
            try
            {
                response = await gateway.ChatAsync(request.Chat, call, ct);
            }
            catch (LlmProviderException error)
            {
                await OpenAiErrors.WriteAsync(context, error);
                return Results.Empty;
            }
            RouteHeaders.Write(context.Response, response.Route);
            context.Response.ContentType = "application/json";
            ChatCompletionWriter.WriteCompletion(context.Response.BodyWriter, id, created, model, response);
            await context.Response.BodyWriter.FlushAsync(ct);
            return Results.Empty;
        }
        await StreamAsync(context, gateway.StreamChatAsync(request.Chat, call, ct), id, created, model, request.IncludeUsage, ct);
        return Results.Empty;
    }

    private static async Task StreamAsync(HttpContext context, IAsyncEnumerable<ChatDelta> deltas, string id, long created, string model, bool includeUsage, CancellationToken ct)
    {
        await using var enumerator = deltas.GetAsyncEnumerator(ct);
        try
        {
            // Errors before the first delta (limits, budget, routing) are ordinary HTTP errors.
            if (!await enumerator.MoveNextAsync())
            {
                throw new LlmProviderException(LlmErrorKind.MalformedResponse, "The stream ended before it started.");
            }
        }
        catch (LlmProviderException error)
        {
            await OpenAiErrors.WriteAsync(context, error);
            return;
        }
        var response = context.Response;
        RouteHeaders.Write(response, enumerator.Current.Route);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var output = response.BodyWriter;
        using var json = new Utf8JsonWriter(output);
        Usage? usage = null;
        var first = true;
        try
        {
            while (true)
            {
                var delta = enumerator.Current;
                usage = delta.Usage ?? usage;
                ChatCompletionWriter.WriteChunk(json, output, id, created, model, delta, first);
                first = false;
                // Flush before waiting for the upstream, never while its next delta is already here: chunks that arrived
                // together leave together (one write instead of one per chunk), and none waits in the buffer.
                var next = enumerator.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    try
                    {
                        await output.FlushAsync(ct);
                    }
                    catch
                    {
                        // The enumerator must not be disposed while it runs: let the pending read end first (the caller's
                        // token ends it), dropping its outcome, then report the flush's failure.
                        await ((Task)next.AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        throw;
                    }
                }
                if (!await next)
                {
                    break;
                }
            }
        }
        catch (LlmProviderException error)
        {
            // The status is sent: OpenAI's streams report a late failure as an error event.
            WriteErrorEvent(output, error);
            await output.FlushAsync(ct);
            return;
        }
        if (includeUsage)
        {
            ChatCompletionWriter.WriteUsageChunk(json, output, id, created, model, usage ?? new Usage(0, 0));
        }
        ChatCompletionWriter.WriteDone(output);
        await output.FlushAsync(ct);
    }

    private static void WriteErrorEvent(System.IO.Pipelines.PipeWriter output, LlmProviderException error)
    {
        output.Write("data: "u8);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", "api_error");
            json.WriteNull("param");
            json.WriteString("code", error.Kind.ToString());
            json.WriteEndObject();
            json.WriteEndObject();
        }
        output.Write("\n\n"u8);
    }
}
