using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Writes a GenerateContentRequest: system messages and context passages → <c>systemInstruction</c>; user and
/// assistant turns → <c>contents</c> (roles user/model); tool calls → <c>functionCall</c> parts; tool results →
/// <c>functionResponse</c> parts, consecutive ones merged into one user turn; tools, tool choice, generation config.
/// </summary>
internal static class GeminiRequestWriter
{
    /// <param name="sendCallIds">The Gemini API matches calls and responses by <c>id</c>; Vertex's v1 schema has no such field.</param>
    public static byte[] Generate(ChatRequest request, bool sendCallIds) => ProviderJson.Write(w =>
    {
        w.WriteStartObject();
        WriteSystemInstruction(w, request);
        w.WriteStartArray("contents");
        GeminiTurnWriter.WriteTurns(w, request.Messages, sendCallIds);
        w.WriteEndArray();
        WriteTools(w, request);
        WriteGenerationConfig(w, request);
        w.WriteEndObject();
    });

    private static void WriteSystemInstruction(Utf8JsonWriter w, ChatRequest request)
    {
        var texts = request.Messages.Where(m => m.Role == ChatRole.System && !string.IsNullOrEmpty(m.Content)).Select(m => m.Content!).ToList();
        if (ProviderJson.ContextText(request) is { } context)
        {
            // Retrieved passages are instructions-level material.
            texts.Add(context);
        }
        if (texts.Count == 0)
        {
            return;
        }
        w.WriteStartObject("systemInstruction");
        w.WriteStartArray("parts");
        foreach (var text in texts)
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter w, ChatRequest request)
    {
        if (request.Tools.Count > 0)
        {
            w.WriteStartArray("tools");
            w.WriteStartObject();
            w.WriteStartArray("functionDeclarations");
            foreach (var tool in request.Tools)
            {
                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                if (tool.Description is not null)
                {
                    w.WriteString("description", tool.Description);
                }
                if (GeminiSchema.HasParameters(tool.Parameters))
                {
                    w.WritePropertyName("parameters");
                    GeminiSchema.Write(w, tool.Parameters);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        if (request.ToolChoice is not { } choice)
        {
            return;
        }
        w.WriteStartObject("toolConfig");
        w.WriteStartObject("functionCallingConfig");
        // ANY forces a call; with allowedFunctionNames it forces one of those.
        w.WriteString("mode", choice.Kind switch
        {
            ToolChoiceKind.None => "NONE",
            ToolChoiceKind.Required or ToolChoiceKind.Specific => "ANY",
            _ => "AUTO",
        });
        if (choice is { Kind: ToolChoiceKind.Specific, FunctionName: { } name })
        {
            w.WriteStartArray("allowedFunctionNames");
            w.WriteStringValue(name);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteGenerationConfig(Utf8JsonWriter w, ChatRequest request)
    {
        if (request.Temperature is null && request.MaxTokens is null && request.Stop.Count == 0 && request.ResponseFormat == ResponseFormat.Text)
        {
            return;
        }
        w.WriteStartObject("generationConfig");
        if (request.Temperature is { } temperature)
        {
            w.WriteNumber("temperature", temperature);
        }
        if (request.MaxTokens is { } maxTokens)
        {
            w.WriteNumber("maxOutputTokens", maxTokens);
        }
        if (request.Stop.Count > 0)
        {
            w.WriteStartArray("stopSequences");
            foreach (var stop in request.Stop)
            {
                w.WriteStringValue(stop);
            }
            w.WriteEndArray();
        }
        if (request.ResponseFormat == ResponseFormat.JsonObject)
        {
            w.WriteString("responseMimeType", "application/json");
        }
        w.WriteEndObject();
    }
}
