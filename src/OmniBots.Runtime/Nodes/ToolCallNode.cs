using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Runs a tenant tool through the tool seam with rendered arguments; the result goes to outputVariable (default
/// tool_result). A failure, a timeout or no tool executor follows error with error.message.</summary>
internal sealed class ToolCallNode : INodeHandler
{
    public string Type => "tool_call";
    public string? PassThrough => "success";

    public async ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        if (context.Services.Tools is not { } tools)
        {
            return context.Fail("No tool executor is available (RuntimeServices.Tools is not set).");
        }
        if (settings.String("tool") is not { } code)
        {
            return context.Fail("The node names no tool.");
        }
        var arguments = new JsonObject();
        foreach (var argument in settings.Objects("arguments"))
        {
            if (argument.String("name") is { } name)
            {
                arguments[name] = context.Render(argument.String("value"));
            }
        }
        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(settings.Int("timeoutMs", 10_000), 100, 60_000));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            var result = await tools.ExecuteAsync(code, arguments, timeout, timer.Token);
            if (!result.Success)
            {
                return context.Fail($"Tool '{code}' failed: {result.Error}");
            }
            context.Set(context.OutputVariable("tool_result"), result.Result?.DeepClone());
            return NodeResult.Follow("success");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return context.Fail($"Tool '{code}' timed out after {timeout.TotalMilliseconds:0} ms.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return context.Fail($"Tool '{code}' failed: {e.Message}");
        }
    }
}
