namespace OmniBots.Platform.Hosting;

/// <summary>What this process does (setting <c>Roles</c>, e.g. "web,worker"). All three by default.</summary>
[Flags]
public enum ProcessRoles
{
    None = 0,
    Web = 1,
    Worker = 2,
    Scheduler = 4,
    All = Web | Worker | Scheduler,
}

public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>Comma-separated: web, worker, scheduler.</summary>
    public string Roles { get; set; } = "web,worker,scheduler";

    /// <summary>A name for this replica in logs, job leases and leader election; the machine name when empty.</summary>
    public string? InstanceName { get; set; }

    public ProcessRoles ParsedRoles => ParseRoles(Roles, out _);

    public string Instance => string.IsNullOrWhiteSpace(InstanceName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : InstanceName;

    public static ProcessRoles ParseRoles(string value, out string? error)
    {
        error = null;
        var roles = ProcessRoles.None;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ProcessRoles>(part, ignoreCase: true, out var role) || role is ProcessRoles.None or ProcessRoles.All)
            {
                error = $"Hosting:Roles has an unknown role '{part}': use web, worker and/or scheduler, comma-separated.";
                return ProcessRoles.None;
            }
            roles |= role;
        }
        if (roles == ProcessRoles.None)
        {
            error = "Hosting:Roles names no role: use web, worker and/or scheduler, comma-separated.";
        }
        return roles;
    }
}
