using Quartz;

namespace OmniBots.Platform.Scheduling;

/// <summary>One <c>AddCronJob</c> call: at each tick of <see cref="Expression"/> (Quartz syntax with
/// seconds, evaluated in UTC) the leader enqueues a job of <see cref="Kind"/>.</summary>
internal sealed record CronJobDefinition(string Name, string Expression, string Kind, string Payload, string Queue);

/// <summary>A definition with its parsed expression.</summary>
internal sealed class CronJob
{
    public CronJob(CronJobDefinition definition)
    {
        Definition = definition;
        try
        {
            Schedule = new CronExpression(definition.Expression, TimeZoneInfo.Utc);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException(
                $"Cron job '{definition.Name}' has an invalid expression '{definition.Expression}': use Quartz syntax with seconds, " +
                $"e.g. \"0 */5 * * * ?\" ({ex.Message})", ex);
        }
    }

    public CronJobDefinition Definition { get; }
    public CronExpression Schedule { get; }
    public string Name => Definition.Name;

    public DateTimeOffset? NextAfter(DateTimeOffset time) => Schedule.GetNextValidTimeAfter(time);

    /// <summary>The latest tick in (<paramref name="after"/>, <paramref name="now"/>], and how many ticks that range held.</summary>
    public (DateTimeOffset? Latest, int Count) LatestDue(DateTimeOffset after, DateTimeOffset now)
    {
        // A long gap of a frequent cron would take many steps: only the latest tick matters, so skip ahead.
        const int MaxSteps = 10_000;
        DateTimeOffset? latest = null;
        var count = 0;
        var cursor = after;
        var skipped = false;
        while (NextAfter(cursor) is { } next && next <= now)
        {
            latest = next;
            cursor = next;
            if (++count >= MaxSteps && !skipped)
            {
                skipped = true;
                var jump = now - TimeSpan.FromHours(1);
                cursor = jump > cursor ? jump : cursor;
            }
        }
        return (latest, count);
    }
}
