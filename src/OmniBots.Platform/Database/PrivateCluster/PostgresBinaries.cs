namespace OmniBots.Platform.Database.PrivateCluster;

/// <summary>Finds the machine's PostgreSQL server programs (Debian keeps them off PATH).</summary>
internal static class PostgresBinaries
{
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.dir, "bin", "pg_ctl")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
        return onPath ?? throw new PrivateClusterException(
            "No PostgreSQL server programs found (looked in /usr/lib/postgresql/*/bin and PATH). " +
            "Install postgresql (apt-get install postgresql) or set Database:PrivateCluster:BinDirectory, " +
            "or set Database:ConnectionString to use an existing server.");
    }
}
