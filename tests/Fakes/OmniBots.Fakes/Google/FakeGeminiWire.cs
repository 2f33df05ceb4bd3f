using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>GenerateContentResponse, embedding and error bodies as Google writes them.</summary>
internal static class FakeGeminiWire
{
    public static Task WriteErrorAsync(HttpContext context, FakeGeminiReply reply)
    {
        if (reply.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        var details = new JsonArray();
        if (reply.ErrorReason is { } reason)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = reason, ["domain"] = "googleapis.com" });
        }
        if (reply.RetryDelay is { } delay)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = delay });
        }
        var error = new JsonObject { ["code"] = reply.Status, ["message"] = reply.ErrorMessage, ["status"] = reply.ErrorStatus };
        if (details.Count > 0)
        {
            error["details"] = details;
        }
        context.Response.StatusCode = reply.Status;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = error });
    }

    public static Task WriteResponseAsync(HttpContext context, FakeGeminiReply reply, string model)
    {
        if (reply.Malformed)
        {
            return WriteRawAsync(context, """{"candidates":[{"content":{"parts":[{"text":""");
        }
        if (reply.BlockReason is { } block)
        {
            return context.Response.WriteAsJsonAsync(Blocked(reply, block, model));
        }
        var parts = new JsonArray();
        if (reply.Text is not null)
        {
            parts.Add(new JsonObject { ["text"] = reply.Text });
        }
        foreach (var call in reply.FunctionCalls)
        {
            parts.Add(FunctionCallPart(call));
        }
        return context.Response.WriteAsJsonAsync(Response(Candidate(parts, reply.FinishReason), Usage(reply, final: true), model));
    }

    public static JsonObject Blocked(FakeGeminiReply reply, string block, string model) => new()
    {
        ["promptFeedback"] = new JsonObject
        {
            ["blockReason"] = block,
            ["safetyRatings"] = new JsonArray(new JsonObject { ["category"] = "HARM_CATEGORY_HARASSMENT", ["probability"] = "HIGH" }),
        },
        ["usageMetadata"] = Usage(reply, final: false),
        ["modelVersion"] = model,
    };

    public static JsonObject Response(JsonObject candidate, JsonObject usage, string model) => new()
    {
        ["candidates"] = new JsonArray(candidate),
        ["usageMetadata"] = usage,
        ["modelVersion"] = model,
        ["responseId"] = "fake-response-1",
    };

    public static JsonObject Candidate(JsonArray parts, string? finishReason)
    {
        var candidate = new JsonObject { ["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" }, ["index"] = 0 };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }
        return candidate;
    }

    public static JsonObject FunctionCallPart(FakeGeminiFunctionCall call)
    {
        var functionCall = new JsonObject { ["name"] = call.Name, ["args"] = JsonNode.Parse(call.ArgsJson) };
        if (call.Id is not null)
        {
            functionCall["id"] = call.Id;
        }
        var part = new JsonObject { ["functionCall"] = functionCall };
        if (call.ThoughtSignature is not null)
        {
            part["thoughtSignature"] = call.ThoughtSignature;
        }
        return part;
    }

    /// <summary>As Google streams it: every chunk carries the prompt count; the output count arrives with the last.</summary>
    public static JsonObject Usage(FakeGeminiReply reply, bool final) => final
        ? new JsonObject
        {
            ["promptTokenCount"] = reply.PromptTokens,
            ["candidatesTokenCount"] = reply.CandidatesTokens,
            ["totalTokenCount"] = reply.PromptTokens + reply.CandidatesTokens,
        }
        : new JsonObject { ["promptTokenCount"] = reply.PromptTokens, ["totalTokenCount"] = reply.PromptTokens };

    public static Task WriteStreamAsync(HttpContext context, FakeGeminiReply reply, string model) => FakeGeminiStream.WriteAsync(context, reply, model);

    /// <summary>batchEmbedContents: each request must name the path's model; vectors are <c>[text length, index, 1]</c>.</summary>
    public static Task WriteBatchEmbeddingsAsync(HttpContext context, FakeGeminiReply reply, string model, JsonNode body)
    {
        if (reply.Malformed)
        {
            return WriteRawAsync(context, """{"embeddings":[{"values":[0.1,""");
        }
        var requests = body["requests"]!.AsArray();
        if (requests.Any(r => (string?)r!["model"] != "models/" + model))
        {
            return WriteErrorAsync(context, FakeGeminiReply.Error(400, "INVALID_ARGUMENT", $"* BatchEmbedContentsRequest.model: model in each request must match models/{model}"));
        }
        var texts = requests.Select(r => (string)r!["content"]!["parts"]![0]!["text"]!).ToList();
        return context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["embeddings"] = new JsonArray([.. texts.Select((t, i) => (JsonNode)new JsonObject { ["values"] = new JsonArray(t.Length, i, 1) })]),
        });
    }

    /// <summary>Vertex predict for text-embedding models: <c>predictions[].embeddings{values, statistics}</c>.</summary>
    public static Task WritePredictionsAsync(HttpContext context, FakeGeminiReply reply, JsonNode body)
    {
        if (reply.Malformed)
        {
            return WriteRawAsync(context, """{"predictions":[{"embeddings":{"values":[0.1,""");
        }
        var texts = body["instances"]!.AsArray().Select(i => (string)i!["content"]!).ToList();
        return context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["predictions"] = new JsonArray([.. texts.Select((t, i) => (JsonNode)new JsonObject
            {
                ["embeddings"] = new JsonObject
                {
                    ["values"] = new JsonArray(t.Length, i, 1),
                    ["statistics"] = new JsonObject { ["token_count"] = t.Length, ["truncated"] = false },
                },
            })]),
            ["metadata"] = new JsonObject { ["billableCharacterCount"] = texts.Sum(t => t.Length) },
        });
    }

    public static Task WriteRawAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(text);
    }
}
