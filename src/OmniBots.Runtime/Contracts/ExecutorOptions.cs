namespace OmniBots.Runtime.Contracts;

public sealed class ExecutorOptions
{
    /// <summary>Nodes run per turn at most; a loop without a waiting node is stopped by it.</summary>
    public int StepBudget { get; set; } = 100;
    /// <summary>Sent when the step budget stops a turn or a node fails without an error output.</summary>
    public string FallbackMessage { get; set; } = "Sorry, something went wrong on our side. Please try again.";
    /// <summary>Tool-calling rounds an LLM Response node may make before it must answer.</summary>
    public int MaxToolRounds { get; set; } = 3;
    /// <summary>API Call responses larger than this fail through the error output.</summary>
    public int MaxApiResponseBytes { get; set; } = 1024 * 1024;
    /// <summary>API Call may reach private and loopback addresses (off: SSRF protection).</summary>
    public bool AllowPrivateNetworks { get; set; }

    public void Validate()
    {
        if (StepBudget is < 1 or > 10_000)
        {
            throw new InvalidOperationException("Runtime:StepBudget must be between 1 and 10000.");
        }
        if (MaxToolRounds is < 0 or > 10)
        {
            throw new InvalidOperationException("Runtime:MaxToolRounds must be between 0 and 10.");
        }
        if (MaxApiResponseBytes < 1024)
        {
            throw new InvalidOperationException("Runtime:MaxApiResponseBytes must be at least 1024.");
        }
    }
}
