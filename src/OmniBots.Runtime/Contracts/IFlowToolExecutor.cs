using System.Text.Json.Nodes;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Runtime.Contracts;

/// <summary>
/// The seam to the tenant's tools (TOOL-1, implemented by the bots module: resolve it from the tenant's scope): Tool Call nodes and LLM tool calling go through it.
/// Without an implementation those nodes follow their error output.
/// </summary>
public interface IFlowToolExecutor
{
    /// <summary>The definitions given to the model, for the codes it knows (unknown codes are left out).</summary>
    Task<IReadOnlyList<ToolDefinition>> DescribeAsync(IReadOnlyList<string> toolCodes, CancellationToken cancellationToken);

    Task<ToolExecution> ExecuteAsync(string toolCode, JsonObject arguments, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>A tool's answer: <see cref="Result"/> when it succeeded, <see cref="Error"/> when not.</summary>
public sealed record ToolExecution(bool Success, JsonNode? Result, string? Error)
{
    public static ToolExecution Ok(JsonNode? result) => new(true, result, null);
    public static ToolExecution Failed(string error) => new(false, null, error);
}
