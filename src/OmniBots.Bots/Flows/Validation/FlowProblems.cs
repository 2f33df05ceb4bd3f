using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Bots.Flows.Validation;

/// <summary>The validation problem that refuses publishing an invalid flow: <c>errors</c> keyed
/// <c>flow/node/setting</c> for generic clients, and <c>problems</c> with every problem's code, node and edge.</summary>
internal static class FlowProblems
{
    public static ValidationProblem Refused(IReadOnlyList<FlowProblem> problems)
    {
        var errors = problems
            .GroupBy(p => string.Join('/', new[] { p.Flow, p.NodeId ?? p.EdgeId, p.Setting }.Where(s => !string.IsNullOrEmpty(s))), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => $"{p.Code}: {p.Message}").ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(errors, detail: $"The flow has {problems.Count} problem(s); fix them before publishing.",
            title: "Invalid flow", extensions: new Dictionary<string, object?> { ["problems"] = problems });
    }
}
