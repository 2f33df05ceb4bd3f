using Microsoft.Extensions.Options;

namespace OmniBots.Gateway.Routing;

internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAttemptsPerEndpoint is < 1 or > 10)
        {
            errors.Add($"{RoutingOptions.Section}:MaxAttemptsPerEndpoint must be 1 to 10.");
        }
        if (options.BackoffBase <= TimeSpan.Zero || options.BackoffMax < options.BackoffBase)
        {
            errors.Add($"{RoutingOptions.Section}:BackoffBase must be positive and at most {RoutingOptions.Section}:BackoffMax.");
        }
        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{RoutingOptions.Section}:MaxRetryAfter must not be negative.");
        }
        var breaker = options.Breaker;
        if (breaker.ConsecutiveFailures < 1)
        {
            errors.Add($"{RoutingOptions.Section}:Breaker:ConsecutiveFailures must be at least 1.");
        }
        if (breaker.FailureRatio is <= 0 or > 1)
        {
            errors.Add($"{RoutingOptions.Section}:Breaker:FailureRatio must be above 0 and at most 1.");
        }
        if (breaker.RatioWindow < 1 || breaker.RatioMinimumCalls < 1 || breaker.RatioMinimumCalls > breaker.RatioWindow)
        {
            errors.Add($"{RoutingOptions.Section}:Breaker:RatioMinimumCalls must be 1 to {RoutingOptions.Section}:Breaker:RatioWindow.");
        }
        if (breaker.BreakDuration <= TimeSpan.Zero)
        {
            errors.Add($"{RoutingOptions.Section}:Breaker:BreakDuration must be positive.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
