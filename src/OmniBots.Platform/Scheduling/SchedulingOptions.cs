using System.Globalization;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Scheduling;

/// <summary>Settings under <c>Scheduling</c>.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How often a follower tries to become leader, and a leader checks it still holds the lock.
    /// Bounds how long ticks wait after a leader dies.</summary>
    public double ElectionIntervalSeconds { get; set; } = 2;
}

internal sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
        => options.ElectionIntervalSeconds is >= 0.1 and <= 300
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"Scheduling:ElectionIntervalSeconds must be between 0.1 and 300 (was {options.ElectionIntervalSeconds})."));
}
