namespace OmniBots.Platform.Database;

/// <summary>Settings under <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Runtime role: owns no table, is not a superuser, subject to row-level security.
    /// Empty means "start the private cluster".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Owner role that runs migrations. Required with <see cref="ConnectionString"/>.</summary>
    public string? OwnerConnectionString { get; set; }

    /// <summary>Role with BYPASSRLS for explicit, logged platform-wide work (jobs, scheduler, super admin).
    /// Required with <see cref="ConnectionString"/>.</summary>
    public string? ElevatedConnectionString { get; set; }

    /// <summary>Upper bound of each pool (runtime, elevated). Owner connections are only used at start-up.</summary>
    public int MaxPoolSize { get; set; } = 50;

    public PrivateClusterOptions PrivateCluster { get; set; } = new();

    public bool UsesPrivateCluster => string.IsNullOrWhiteSpace(ConnectionString);
}

/// <summary>Settings under <c>Database:PrivateCluster</c>: the PostgreSQL the host starts itself.</summary>
public sealed class PrivateClusterOptions
{
    /// <summary>Folder holding the cluster, relative to the working directory.</summary>
    public string DataDirectory { get; set; } = ".data/postgres";

    /// <summary>Names the Unix socket (<c>.s.PGSQL.PORT</c>); the cluster listens on no TCP address.</summary>
    public int Port { get; set; } = 5433;

    /// <summary>Folder with <c>initdb</c> and <c>pg_ctl</c>; found under /usr/lib/postgresql when empty.</summary>
    public string? BinDirectory { get; set; }

    public string DatabaseName { get; set; } = "omnibots";

    /// <summary>Turns off fsync: for throw-away test clusters only.</summary>
    public bool Ephemeral { get; set; }
}
