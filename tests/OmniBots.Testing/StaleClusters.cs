using System.Diagnostics;
using System.Globalization;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Testing;

/// <summary>Stops and removes test clusters: this run's at exit, and those of earlier runs that died.</summary>
internal static class StaleClusters
{
    public static void Clean(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }
        foreach (var folder in Directory.GetDirectories(root))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                StopAndDelete(folder);
            }
        }
    }

    public static void StopAndDelete(string folder)
    {
        try
        {
            PrivatePostgresCluster.ForceStop(folder);
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a later run cleans it.
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (PrivateClusterException)
        {
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
