using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OmniBots.Platform.Database.PrivateCluster;

/// <summary>Where the cluster lives and which OS user runs it. PostgreSQL refuses to run as root,
/// so a root host runs it as <c>postgres</c>; that user must be able to reach the folder.</summary>
internal sealed record ClusterLocation(string Root, string? RunAsUser)
{
    public string DataDirectory => Path.Combine(Root, "pgdata");
    public string SocketDirectory => Path.Combine(Root, "socket");
    public string LogFile => Path.Combine(Root, "postgres.log");

    public static async Task<ClusterLocation> ResolveAsync(string configured, ILogger logger, CancellationToken ct)
    {
        var requested = Path.GetFullPath(configured);
        if (!OsCommand.IsRoot)
        {
            Directory.CreateDirectory(requested);
            return new ClusterLocation(requested, null);
        }

        const string user = "postgres";
        if (!await UserExistsAsync(user, ct))
        {
            throw new PrivateClusterException(
                "The host runs as root and PostgreSQL refuses to; it runs the private cluster as the 'postgres' " +
                "user, which does not exist here. Install the postgresql package or run the host as an ordinary user.");
        }
        if (await PrepareForUserAsync(requested, user, ct))
        {
            return new ClusterLocation(requested, user);
        }

        // A parent folder (for example /root) is not searchable by postgres: use a folder it can reach,
        // derived from the requested path so the same working directory always finds its cluster again.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..12];
        var fallback = Path.Combine("/var/tmp/omnibots", hash);
        logger.LogWarning(
            "PostgreSQL runs as user {User}, which cannot reach {Requested} (a parent folder is not searchable); " +
            "the private cluster lives in {Fallback} instead", user, requested, fallback);
        Directory.CreateDirectory("/var/tmp/omnibots");
        if (!await PrepareForUserAsync(fallback, user, ct))
        {
            throw new PrivateClusterException($"User {user} cannot reach {requested} nor {fallback}.");
        }
        return new ClusterLocation(fallback, user);
    }

    private static async Task<bool> PrepareForUserAsync(string folder, string user, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        await OsCommand.RunCheckedAsync("chown", ["-R", $"{user}:", folder], null, ct);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var probe = await OsCommand.RunAsync("test", ["-r", folder, "-a", "-w", folder, "-a", "-x", folder], user, ct);
        return probe.ExitCode == 0;
    }

    private static async Task<bool> UserExistsAsync(string user, CancellationToken ct)
        => (await OsCommand.RunAsync("id", ["-u", user], null, ct)).ExitCode == 0;
}
