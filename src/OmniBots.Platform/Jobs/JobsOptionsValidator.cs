using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Jobs;

internal sealed partial class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        foreach (var (queue, settings) in options.Queues)
        {
            if (!QueueName().IsMatch(queue))
            {
                errors.Add($"Jobs:Queues:{queue} is not a valid queue name: use 1-50 lower-case letters, digits, '_', '.' or '-'.");
            }
            if (settings is null || settings.Concurrency is < 1 or > 1000)
            {
                errors.Add($"Jobs:Queues:{queue}:Concurrency must be between 1 and 1000 (was {settings?.Concurrency.ToString(CultureInfo.InvariantCulture) ?? "empty"}).");
            }
        }
        Range(errors, "Jobs:LeaseSeconds", options.LeaseSeconds, 1, 3600);
        Range(errors, "Jobs:PollIntervalSeconds", options.PollIntervalSeconds, 0.1, 300);
        Range(errors, "Jobs:BatchSize", options.BatchSize, 1, 1000);
        Range(errors, "Jobs:MaxAttempts", options.MaxAttempts, 1, 100);
        Range(errors, "Jobs:RetryBaseSeconds", options.RetryBaseSeconds, 0.01, 86_400);
        Range(errors, "Jobs:RetryMaxSeconds", options.RetryMaxSeconds, options.RetryBaseSeconds, 7 * 86_400);
        Range(errors, "Jobs:RetentionHours", options.RetentionHours, 0.01, 24 * 3650);
        Range(errors, "Jobs:AbortGraceSeconds", options.AbortGraceSeconds, 0, 300);
        Range(errors, "Jobs:MetricsRefreshSeconds", options.MetricsRefreshSeconds, 0.1, 3600);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsValidQueueName(string queue) => QueueName().IsMatch(queue);

    private static void Range(List<string> errors, string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min} and {max} (was {value})."));
        }
    }

    [GeneratedRegex("^[a-z0-9_.-]{1,50}$")]
    private static partial Regex QueueName();
}
