using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Events;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Events;

/// <summary>Two replicas on one database, as in production with two pods.</summary>
public sealed class EventBusTests : IAsyncLifetime
{
    private OmniBotsHostFactory _first = null!;
    private OmniBotsHostFactory _second = null!;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(EventBusTests));
        _first = new OmniBotsHostFactory(database, Replica("events-a"));
        _second = new OmniBotsHostFactory(database, Replica("events-b"));
        await _first.StartAsync();
        await _second.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    private static HostSettings Replica(string name) => new()
    {
        Roles = "web",
        Extra = new Dictionary<string, string?> { ["Hosting:InstanceName"] = name },
    };

    private static IEventBus Bus(OmniBotsHostFactory host) => host.Services.GetRequiredService<IEventBus>();

    [Fact]
    public async Task Publish_OnOneReplica_ReachesSubscribersOnBoth()
    {
        var onFirst = new EventCollector();
        var onSecond = new EventCollector();
        await using var a = await Bus(_first).SubscribeAsync("test.greetings", onFirst.HandleAsync, CancellationToken.None);
        await using var b = await Bus(_second).SubscribeAsync("test.greetings", onSecond.HandleAsync, CancellationToken.None);

        await Bus(_first).PublishAsync("test.greetings", "hello", CancellationToken.None);

        Assert.Equal(new BusEvent("test.greetings", "hello"), await onFirst.NextAsync());
        Assert.Equal(new BusEvent("test.greetings", "hello"), await onSecond.NextAsync());
    }

    [Fact]
    public async Task PublishOnConnection_IsDeliveredOnlyWhenTheTransactionCommits()
    {
        var received = new EventCollector();
        await using var _ = await Bus(_second).SubscribeAsync("test.tx", received.HandleAsync, CancellationToken.None);
        await using var connection = await _first.Database.OpenElevatedAsync();

        await using (var rolledBack = await connection.BeginTransactionAsync())
        {
            await Bus(_first).PublishAsync(connection, "test.tx", "rolled-back", CancellationToken.None);
            await rolledBack.RollbackAsync();
        }
        await using (var committed = await connection.BeginTransactionAsync())
        {
            await Bus(_first).PublishAsync(connection, "test.tx", "committed", CancellationToken.None);
            await committed.CommitAsync();
        }

        Assert.Equal("committed", (await received.NextAsync()).Payload);
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery_ToThatHandlerOnly()
    {
        var kept = new EventCollector();
        var dropped = new EventCollector();
        await using var keep = await Bus(_second).SubscribeAsync("test.unsub", kept.HandleAsync, CancellationToken.None);
        var drop = await Bus(_second).SubscribeAsync("test.unsub", dropped.HandleAsync, CancellationToken.None);
        await drop.DisposeAsync();

        await Bus(_first).PublishAsync("test.unsub", "one", CancellationToken.None);

        Assert.Equal("one", (await kept.NextAsync()).Payload);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Listener_WhenItsBackendIsTerminated_ReconnectsAndReportsIt_ThenDeliversLaterEvents()
    {
        var received = new EventCollector();
        await using var _ = await Bus(_second).SubscribeAsync("test.reconnect", received.HandleAsync, CancellationToken.None);

        await using (var superuser = await _second.Database.OpenSuperuserAsync())
        {
            await using var kill = new Npgsql.NpgsqlCommand("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'omnibots-events:events-b'
                """, superuser);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        var reconnected = await received.NextAsync(TimeSpan.FromSeconds(15));
        Assert.True(reconnected.Reconnected);
        Assert.Equal("test.reconnect", reconnected.Channel);

        await Bus(_first).PublishAsync("test.reconnect", "after", CancellationToken.None);
        Assert.Equal(new BusEvent("test.reconnect", "after"), await received.NextAsync());
    }
}
