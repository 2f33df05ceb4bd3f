using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Contracts;
using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// An answer through <see cref="ILlmGateway.ChatAsync"/> with the node's model, system prompt (or managed prompt),
/// temperature and max tokens, recent history and optional knowledge passages. Tool calling: the model's calls run
/// through <see cref="IFlowToolExecutor"/> for at most <see cref="ExecutorOptions.MaxToolRounds"/> rounds, then it
/// must answer. A gateway or tool-seam failure follows error with error.message.
/// </summary>
internal sealed class LlmResponseNode : INodeHandler
{
    internal const string Feature = "runtime.llm-node";

    public string Type => "llm_response";
    public string? PassThrough => "next";

    public async ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        if (context.Services.Llm is not { } llm)
        {
            return context.Fail("No LLM gateway is available.");
        }
        var system = SystemPrompt(context, out var promptProblem);
        if (promptProblem is not null)
        {
            return context.Fail(promptProblem);
        }
        var messages = new List<ChatMessage>();
        if (system.Length > 0)
        {
            messages.Add(ChatMessage.System(system));
        }
        var history = settings.Int("historyMessages", 10);
        messages.AddRange(context.Turn.History.Skip(Math.Max(0, context.Turn.History.Count - history)));
        var said = VariablePath.ToText(context.Get("last_user_message"));
        if (said.Length > 0 && !(messages.Count > 0 && messages[^1].Role == ChatRole.User && messages[^1].Content == said))
        {
            messages.Add(ChatMessage.User(said));
        }
        try
        {
            var tools = await ToolsAsync(context, settings.Strings("tools"), cancellationToken);
            var request = new ChatRequest
            {
                Model = settings.String("model") ?? context.Turn.DefaultModel ?? "",
                Messages = messages,
                Temperature = settings.Number("temperature", 0.7),
                MaxTokens = settings.Int("maxTokens", 1024),
                Tools = tools,
                Context = await PassagesAsync(context, said, cancellationToken),
            };
            var response = await llm.ChatAsync(request, new GatewayCall(Feature), cancellationToken);
            for (var round = 0; response.ToolCalls.Count > 0; round++)
            {
                if (round >= context.Options.MaxToolRounds)
                {
                    context.Note($"tool rounds limit ({context.Options.MaxToolRounds}) reached: the model must answer");
                    request = request with { Messages = messages, ToolChoice = ToolChoice.None };
                    response = await llm.ChatAsync(request, new GatewayCall(Feature), cancellationToken);
                    break;
                }
                messages.Add(ChatMessage.Assistant(response.Text, response.ToolCalls));
                foreach (var call in response.ToolCalls)
                {
                    messages.Add(ChatMessage.ToolResult(call.Id, await RunToolAsync(context, call, cancellationToken)));
                }
                request = request with { Messages = messages };
                response = await llm.ChatAsync(request, new GatewayCall(Feature), cancellationToken);
            }
            var answer = response.Text ?? "";
            context.Set(context.OutputVariable("llm_response"), answer);
            if (settings.Bool("sendToUser", true) && answer.Length > 0)
            {
                context.Send(OutboundMessage.PlainText(answer, null));
            }
            return NodeResult.Follow("next");
        }
        catch (LlmProviderException e)
        {
            return context.Fail($"The LLM call failed ({e.Kind}): {e.Message}");
        }
        catch (ToolSeamException e)
        {
            return context.Fail(e.Message);
        }
        catch (KnowledgeRequestException e)
        {
            return context.Fail($"The knowledge search for context failed ({e.Field}): {e.Message}");
        }
    }

    private static string SystemPrompt(NodeContext context, out string? problem)
    {
        problem = null;
        var reference = context.Settings.Get("prompt");
        if (reference.ValueKind != JsonValueKind.Object)
        {
            return context.Render(context.Settings.String("systemPrompt"));
        }
        var key = reference.TryGetProperty("key", out var k) ? k.GetString() : null;
        var version = reference.TryGetProperty("version", out var v) ? (v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()) : "latest";
        if (key is not null && context.Flows.Prompts.TryGetValue($"{key}@{version}", out var text))
        {
            return context.Render(text);
        }
        problem = $"The managed prompt '{key}' version {version} was not provided to the executor.";
        return "";
    }

    private static async Task<IReadOnlyList<ToolDefinition>> ToolsAsync(NodeContext context, IReadOnlyList<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0)
        {
            return [];
        }
        if (context.Services.Tools is not { } tools)
        {
            throw new ToolSeamException("The node names tools but no tool executor is available (tenant tools are not built yet).");
        }
        return await tools.DescribeAsync(codes, ct);
    }

    private static async Task<string> RunToolAsync(NodeContext context, ToolCall call, CancellationToken ct)
    {
        JsonObject arguments;
        try
        {
            arguments = JsonNode.Parse(string.IsNullOrWhiteSpace(call.ArgumentsJson) ? "{}" : call.ArgumentsJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            context.Note($"tool {call.Name}: the model's arguments are not JSON");
            return """{"error":"arguments are not valid JSON"}""";
        }
        ToolExecution result;
        try
        {
            result = await context.Services.Tools!.ExecuteAsync(call.Name, arguments, TimeSpan.FromSeconds(10), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The model sees the failure as the tool's answer and can recover; the trace keeps it.
            result = ToolExecution.Failed(e.Message);
        }
        context.Note($"tool {call.Name}: {(result.Success ? "ok" : "failed: " + result.Error)}");
        return result.Success ? result.Result?.ToJsonString() ?? "null" : new JsonObject { ["error"] = result.Error }.ToJsonString();
    }

    private static async Task<IReadOnlyList<ContextPassage>> PassagesAsync(NodeContext context, string query, CancellationToken ct)
    {
        var ids = context.Settings.Strings("knowledgeBaseIds").Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        if (ids.Count == 0 || query.Length == 0 || context.Services.Knowledge is not { } knowledge)
        {
            return [];
        }
        var passages = new List<ContextPassage>();
        foreach (var id in ids)
        {
            var found = await knowledge.SearchAsync(KnowledgeBaseSelector.ById(id), new KnowledgeSearchRequest(query, 5), ct);
            passages.AddRange(found?.Results.Select(p => new ContextPassage(p.Citation, p.DocumentTitle, p.Text)) ?? []);
        }
        return passages;
    }
}

internal sealed class ToolSeamException : Exception
{
    public ToolSeamException()
    {
    }

    public ToolSeamException(string message)
        : base(message)
    {
    }

    public ToolSeamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
