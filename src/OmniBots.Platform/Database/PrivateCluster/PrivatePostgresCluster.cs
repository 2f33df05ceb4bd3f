using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OmniBots.Platform.Database.PrivateCluster;

/// <summary>
/// A PostgreSQL cluster the host runs itself from the machine's binaries: initdb on first start,
/// a Unix socket only (no TCP), trust authentication on that socket (the socket folder is private
/// to the cluster's OS user), stopped on shutdown. A cluster left running by a crashed host is
/// adopted; a stale pid file of a crashed cluster is removed.
/// </summary>
public sealed class PrivatePostgresCluster
{
    public const string SuperUser = "postgres";

    private readonly PrivateClusterOptions _options;
    private readonly ILogger _logger;
    private ClusterLocation? _location;
    private string? _bin;
    private bool _owned;

    public PrivatePostgresCluster(PrivateClusterOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    public string SocketDirectory => Location.SocketDirectory;
    public string DataDirectory => Location.DataDirectory;
    public int Port => _options.Port;

    private ClusterLocation Location => _location ?? throw new InvalidOperationException("The cluster was not started.");

    /// <summary>A connection string to this cluster for a role and database.</summary>
    public string ConnectionString(string user, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Location.SocketDirectory,
        Port = _options.Port,
        Username = user,
        Database = database,
    }.ConnectionString;

    public async Task StartAsync(CancellationToken ct)
    {
        _bin = PostgresBinaries.Locate(_options.BinDirectory);
        _location = await ClusterLocation.ResolveAsync(_options.DataDirectory, _logger, ct);

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(ct);
        }
        if (await IsRunningAsync(ct))
        {
            // Left running by a host that died, or used right now by another host in this folder:
            // only the former is ours to stop at shutdown.
            _owned = HostLock.TryTake(Location.Root);
            _logger.LogInformation("Private PostgreSQL already running in {DataDirectory}: adopted it ({Owner})",
                DataDirectory, _owned ? "its host is gone; this host stops it on shutdown" : "another live host owns it");
            return;
        }
        RemoveStalePidFile();
        _logger.LogInformation("Starting private PostgreSQL ({Bin}) in {DataDirectory}", _bin, DataDirectory);
        await PgCtlAsync(["start", "-w", "-t", "60", "-l", Location.LogFile], ct);
        await WaitUntilReadyAsync(ct);
        _owned = HostLock.TryTake(Location.Root, force: true);
    }

    /// <summary>Stops the cluster if this host started it (or adopted it from a host that died).</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (_location is null || !_owned || !File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }
        _owned = false;
        HostLock.Release(Location.Root);
        var result = await OsCommand.RunAsync(
            Path.Combine(_bin!, "pg_ctl"), ["-D", DataDirectory, "stop", "-m", "fast", "-w", "-t", "30"], Location.RunAsUser, ct);
        _logger.LogInformation("Private PostgreSQL stopped (pg_ctl exit code {ExitCode})", result.ExitCode);
    }

    /// <summary>Creates the database if missing. Used at start-up and by the test infrastructure.</summary>
    public async Task EnsureDatabaseAsync(string database, string owner, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(SuperUser, "postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE {Quote(database)} OWNER {Quote(owner)} ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Roles of the private cluster: an owner for migrations, a runtime role that owns
    /// nothing and obeys row-level security, and an elevated role that bypasses it.</summary>
    public async Task EnsureRolesAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(SuperUser, "postgres"));
        await connection.OpenAsync(ct);
        foreach (var (role, attributes) in new[]
        {
            (PlatformRoles.Owner, "LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB"),
            (PlatformRoles.Runtime, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"),
            (PlatformRoles.Elevated, "LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE"),
        })
        {
            await using var command = new NpgsqlCommand($"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                    CREATE ROLE {Quote(role)} {attributes};
                  END IF;
                END $$;
                """, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    // initdb writes into a temporary folder that is renamed once configured: a crash half-way
    // never leaves a cluster with default settings (TCP, trust) that a later start would run.
    private async Task InitializeAsync(CancellationToken ct)
    {
        _logger.LogInformation("Initialising a new private PostgreSQL cluster in {DataDirectory}", DataDirectory);
        var staging = DataDirectory + ".initdb";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        Directory.CreateDirectory(staging);
        if (Location.RunAsUser is { } user)
        {
            await OsCommand.RunCheckedAsync("chown", [$"{user}:", staging], null, ct);
        }
        await OsCommand.RunCheckedAsync(Path.Combine(_bin!, "initdb"),
            ["-D", staging, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"],
            Location.RunAsUser, ct);
        Directory.CreateDirectory(SocketDirectory);
        if (Location.RunAsUser is { } owner)
        {
            await OsCommand.RunCheckedAsync("chown", [$"{owner}:", SocketDirectory], null, ct);
        }
        var settings = string.Join('\n',
            "# Written by OmniBots: a private cluster reachable only through its own Unix socket.",
            "listen_addresses = ''",
            $"unix_socket_directories = '{SocketDirectory}'",
            "unix_socket_permissions = 0700",
            $"port = {_options.Port.ToString(CultureInfo.InvariantCulture)}",
            "max_connections = 300",
            "shared_buffers = 128MB",
            _options.Ephemeral ? "fsync = off\nsynchronous_commit = off\nfull_page_writes = off" : "",
            "");
        await File.AppendAllTextAsync(Path.Combine(staging, "postgresql.conf"), settings, ct);
        Directory.Move(staging, DataDirectory);
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }
        var result = await OsCommand.RunAsync(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDirectory, "status"], Location.RunAsUser, ct);
        if (result.ExitCode != 0 || !IsPostgresProcess(ReadPid(pidFile)))
        {
            return false;
        }
        return await CanConnectAsync(ct);
    }

    private void RemoveStalePidFile()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }
        var pid = ReadPid(pidFile);
        if (IsPostgresProcess(pid))
        {
            throw new PrivateClusterException(
                $"PostgreSQL process {pid} holds {DataDirectory} but does not accept connections; stop it first.");
        }
        _logger.LogWarning("Removing the stale pid file of a PostgreSQL that did not shut down (pid {Pid})", pid);
        File.Delete(pidFile);
        foreach (var lockFile in Directory.EnumerateFiles(SocketDirectory, ".s.PGSQL.*"))
        {
            File.Delete(lockFile);
        }
    }

    private static int ReadPid(string pidFile)
    {
        var first = File.ReadLines(pidFile).FirstOrDefault();
        return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    private static bool IsPostgresProcess(int pid)
    {
        var comm = $"/proc/{pid}/comm";
        return pid > 0 && File.Exists(comm) && File.ReadAllText(comm).Trim().StartsWith("postgres", StringComparison.Ordinal);
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await CanConnectAsync(ct))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new PrivateClusterException($"Private PostgreSQL did not accept connections within 60 s; see {Location.LogFile}.");
            }
            await Task.Delay(50, ct);
        }
    }

    private async Task<bool> CanConnectAsync(CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString(SuperUser, "postgres")) { Pooling = false, Timeout = 2 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private Task<string> PgCtlAsync(string[] arguments, CancellationToken ct)
        => OsCommand.RunCheckedAsync(Path.Combine(_bin!, "pg_ctl"), ["-D", DataDirectory, .. arguments], Location.RunAsUser, ct);

    /// <summary>Stops whatever cluster runs in <paramref name="root"/> at once (test clean-up, process exit).</summary>
    public static void ForceStop(string root)
    {
        var data = Path.Combine(root, "pgdata");
        if (!File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            return;
        }
        var bin = PostgresBinaries.Locate(null);
        var asUser = OsCommand.IsRoot ? "postgres" : null;
        OsCommand.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "stop", "-m", "immediate", "-w", "-t", "15"], asUser, CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
