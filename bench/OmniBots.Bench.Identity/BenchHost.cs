using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using OmniBots.Platform.Database;
using OmniBots.Platform.Database.PrivateCluster;

namespace OmniBots.Bench.Identity;

/// <summary>
/// The real host in process on the benchmark's cluster. The Testing environment maps the two
/// identity test endpoints (anonymous and permission-protected) the authorization figures compare;
/// the Testing header scheme stays off, so every credential is a real one.
/// </summary>
internal sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly PrivatePostgresCluster _cluster;
    private readonly string _database;

    public BenchHost(PrivatePostgresCluster cluster, string database)
    {
        (_cluster, _database) = (cluster, database);
        // The factory looks for the host's folder next to a solution file; the build output (with the
        // host's appsettings.json) is the content root wherever the benchmark runs from.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OMNIBOTS_HOST", AppContext.BaseDirectory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = _cluster.ConnectionString(PlatformRoles.Runtime, _database),
            ["Database:OwnerConnectionString"] = _cluster.ConnectionString(PlatformRoles.Owner, _database),
            ["Database:ElevatedConnectionString"] = _cluster.ConnectionString(PlatformRoles.Elevated, _database),
            ["Hosting:Roles"] = "web",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }
}
