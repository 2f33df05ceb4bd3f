using System.Globalization;

namespace OmniBots.Platform.Database.PrivateCluster;

/// <summary>Records which host process owns (and so stops) the private cluster: <c>host.pid</c>
/// beside the data folder. A host that finds a live owner leaves the cluster running at shutdown.</summary>
internal static class HostLock
{
    public static bool TryTake(string root, bool force = false)
    {
        var file = Path.Combine(root, "host.pid");
        if (!force && File.Exists(file)
            && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner)
            && IsAlive(owner))
        {
            return false;
        }
        File.WriteAllText(file, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    public static void Release(string root)
    {
        var file = Path.Combine(root, "host.pid");
        if (File.Exists(file))
        {
            File.Delete(file);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
