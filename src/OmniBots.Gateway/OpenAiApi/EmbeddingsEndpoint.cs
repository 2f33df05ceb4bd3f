using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary>
/// <c>POST /v1/embeddings</c>: <c>input</c> a string or an array of strings (token arrays are refused),
/// <c>encoding_format</c> float or base64 (little-endian float32 bytes — what the OpenAI SDKs ask for by default).
/// </summary>
internal static class EmbeddingsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, ILlmGateway gateway)
    {
        var ct = context.RequestAborted;
        var key = VirtualKeyFilter.KeyOf(context);
        string model;
        List<string> inputs;
        bool base64;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, ct);
            (model, inputs, base64) = Read(body.RootElement);
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
        EmbeddingResponse response;
        try
        {
            response = await gateway.EmbedAsync(new EmbeddingRequest(model, inputs), new GatewayCall(ChatCompletionsEndpoint.Feature) { VirtualKeyId = key.Id }, ct);
        }
        catch (LlmProviderException error)
        {
            await OpenAiErrors.WriteAsync(context, error);
            return Results.Empty;
        }
        RouteHeaders.Write(context.Response, response.Route);
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            for (var i = 0; i < response.Vectors.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("object", "embedding");
                json.WriteNumber("index", i);
                var vector = response.Vectors[i].Span;
                if (base64)
                {
                    json.WriteBase64String("embedding", MemoryMarshal.AsBytes(vector));
                }
                else
                {
                    json.WriteStartArray("embedding");
                    foreach (var value in vector)
                    {
                        json.WriteNumberValue(value);
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("model", model);
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", response.Usage.InputTokens);
            json.WriteNumber("total_tokens", response.Usage.InputTokens);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(ct);
        return Results.Empty;
    }

    private static (string Model, List<string> Inputs, bool Base64) Read(JsonElement body)
    {
        var model = ChatCompletionRequestReader.RequiredString(body, "model");
        var input = ChatCompletionRequestReader.Optional(body, "input");
        List<string> inputs = input switch
        {
            { ValueKind: JsonValueKind.String } s => [s.GetString()!],
            { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() is > 0 and <= 2048 && a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                => [.. a.EnumerateArray().Select(e => e.GetString()!)],
            _ => throw OpenAiApiException.Invalid("input", "'input' must be a string or an array of 1 to 2048 strings (token arrays are not supported)."),
        };
        if (inputs.Any(string.IsNullOrEmpty))
        {
            throw OpenAiApiException.Invalid("input", "Inputs must not be empty strings.");
        }
        var format = ChatCompletionRequestReader.Optional(body, "encoding_format")?.GetString() ?? "float";
        if (format is not ("float" or "base64"))
        {
            throw OpenAiApiException.Invalid("encoding_format", "'encoding_format' must be float or base64.");
        }
        if (ChatCompletionRequestReader.Optional(body, "dimensions") is { ValueKind: not JsonValueKind.Null })
        {
            throw OpenAiApiException.Invalid("dimensions", "'dimensions' is not supported: vectors have the model's own size.");
        }
        return (model, inputs, format == "base64");
    }
}
