using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Bots.Tools;

/// <summary>
/// <see cref="IFlowToolExecutor"/> over the tenant's tools (scoped, tenant from the scope): Tool Call nodes and LLM tool
/// calling describe and run tools here. Disabled and unknown tools are not described; running one fails with a reason.
/// </summary>
internal sealed class FlowToolExecutor(ToolStore store, ToolRunner runner) : IFlowToolExecutor
{
    public async Task<IReadOnlyList<Gateway.Contracts.ToolDefinition>> DescribeAsync(IReadOnlyList<string> toolCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCodes);
        var stored = (await store.FindManyAsync(toolCodes, cancellationToken)).ToDictionary(t => t.Code, StringComparer.Ordinal);
        var described = new List<Gateway.Contracts.ToolDefinition>();
        foreach (var code in toolCodes.Distinct(StringComparer.Ordinal))
        {
            var tool = SystemTools.Find(code) ?? stored.GetValueOrDefault(code);
            if (tool is { Enabled: true })
            {
                described.Add(new Gateway.Contracts.ToolDefinition(tool.Code, tool.Description, JsonSerializer.SerializeToElement(tool.Parameters)));
            }
        }
        return described;
    }

    public async Task<ToolExecution> ExecuteAsync(string toolCode, JsonObject arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(toolCode, arguments ?? [], "flow", timeout, cancellationToken);
        return outcome switch
        {
            null => ToolExecution.Failed($"Unknown tool '{toolCode}'."),
            { Success: true } => ToolExecution.Ok(outcome.Result),
            _ => ToolExecution.Failed(outcome.Error ?? "The tool failed."),
        };
    }
}
