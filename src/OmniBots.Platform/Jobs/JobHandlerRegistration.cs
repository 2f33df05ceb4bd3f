namespace OmniBots.Platform.Jobs;

/// <summary>One <c>AddJobHandler</c> call: the kinds known to this process, checked on enqueue and at start-up.</summary>
internal sealed record JobHandlerRegistration(string Kind, Type HandlerType);

/// <summary>The registered kinds, read once.</summary>
internal sealed class JobKinds
{
    private readonly HashSet<string> _kinds;

    public JobKinds(IEnumerable<JobHandlerRegistration> registrations)
    {
        var all = registrations.ToList();
        var duplicate = all.GroupBy(r => r.Kind, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Job kind '{duplicate.Key}' has more than one handler: {string.Join(", ", duplicate.Select(r => r.HandlerType.Name))}.");
        }
        _kinds = all.Select(r => r.Kind).ToHashSet(StringComparer.Ordinal);
    }

    public bool Contains(string kind) => _kinds.Contains(kind);
}
