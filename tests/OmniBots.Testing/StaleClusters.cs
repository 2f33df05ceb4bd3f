using System.Diagnostics;
using System.Globalization;

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
        var data = Path.Combine(folder, "pgdata");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            var pgCtl = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).FirstOrDefault(File.Exists);
            if (pgCtl is not null)
            {
                var info = Environment.IsPrivilegedProcess
                    ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, "-D", data, "stop", "-m", "immediate", "-w"])
                    : new ProcessStartInfo(pgCtl, ["-D", data, "stop", "-m", "immediate", "-w"]);
                info.RedirectStandardOutput = true;
                info.RedirectStandardError = true;
                using var process = Process.Start(info);
                process?.WaitForExit(15_000);
            }
        }
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a later run cleans it.
        }
        catch (UnauthorizedAccessException)
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
