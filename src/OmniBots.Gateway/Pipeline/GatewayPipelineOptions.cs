using Microsoft.Extensions.Options;

namespace OmniBots.Gateway.Pipeline;

/// <summary>Settings of the pipeline around the router (<c>Gateway:Pipeline</c>).</summary>
internal sealed class GatewayPipelineOptions
{
    public const string Section = "Gateway:Pipeline";

    /// <summary>How many web replicas share the limits: each enforces limit / replicas (see README, Limits).</summary>
    public int Replicas { get; set; } = 1;
    /// <summary>Usage records written per insert at most.</summary>
    public int UsageBatchSize { get; set; } = 500;
    /// <summary>How long a usage record waits in memory at most before it is written.</summary>
    public int UsageFlushMilliseconds { get; set; } = 1000;
    /// <summary>Records held in memory at most; beyond, new records are dropped and counted (never the call).</summary>
    public int UsageQueueCapacity { get; set; } = 100_000;
    /// <summary>How often a replica re-reads the month's spend from the database (other replicas' calls).</summary>
    public int BudgetRefreshSeconds { get; set; } = 30;
}

internal sealed class GatewayPipelineOptionsValidator : IValidateOptions<GatewayPipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayPipelineOptions options)
    {
        var failures = new List<string>();
        Check(options.Replicas, 1, 1000, nameof(options.Replicas));
        Check(options.UsageBatchSize, 1, 10_000, nameof(options.UsageBatchSize));
        Check(options.UsageFlushMilliseconds, 10, 60_000, nameof(options.UsageFlushMilliseconds));
        Check(options.UsageQueueCapacity, 100, 10_000_000, nameof(options.UsageQueueCapacity));
        Check(options.BudgetRefreshSeconds, 1, 3600, nameof(options.BudgetRefreshSeconds));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(int value, int min, int max, string setting)
        {
            if (value < min || value > max)
            {
                failures.Add($"{GatewayPipelineOptions.Section}:{setting} must be between {min} and {max} (it is {value}).");
            }
        }
    }
}
