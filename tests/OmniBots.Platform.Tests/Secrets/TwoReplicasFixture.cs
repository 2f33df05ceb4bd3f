using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Secrets;

/// <summary>Two hosts on one database, as two replicas behind a load balancer are.</summary>
public sealed class TwoReplicasFixture : IAsyncLifetime
{
    private static readonly HostSettings Settings = new() { Roles = "web" };

    public TestDatabase Database { get; private set; } = null!;
    public OmniBotsHostFactory First { get; private set; } = null!;
    public OmniBotsHostFactory Second { get; private set; } = null!;

    /// <summary>Another replica on the same database, started now; the caller disposes it.</summary>
    public async Task<OmniBotsHostFactory> StartReplicaAsync()
    {
        var host = new OmniBotsHostFactory(Database, Settings);
        await host.StartAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync(nameof(TwoReplicasFixture));
        First = await StartReplicaAsync();
        Second = await StartReplicaAsync();
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}
