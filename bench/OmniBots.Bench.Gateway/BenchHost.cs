using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Bench.Gateway;

/// <summary>The real host on Kestrel (real sockets, as a client would call it) on the benchmark's cluster.</summary>
internal sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly PrivatePostgresCluster _cluster;
    private readonly string _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public BenchHost(PrivatePostgresCluster cluster, string database, IReadOnlyDictionary<string, string?> settings)
    {
        (_cluster, _database, _settings) = (cluster, database, settings);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OMNIBOTS_HOST", AppContext.BaseDirectory);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>(_settings)
        {
            ["Database:ConnectionString"] = _cluster.ConnectionString(PlatformRoles.Runtime, _database),
            ["Database:OwnerConnectionString"] = _cluster.ConnectionString(PlatformRoles.Owner, _database),
            ["Database:ElevatedConnectionString"] = _cluster.ConnectionString(PlatformRoles.Elevated, _database),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }
}
