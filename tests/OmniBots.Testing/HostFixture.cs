using Xunit;

namespace OmniBots.Testing;

/// <summary>xunit class fixture: a fresh migrated database and a started host for one test class.</summary>
public class HostFixture : IAsyncLifetime
{
    private OmniBotsHostFactory? _host;

    public OmniBotsHostFactory Host => _host ?? throw new InvalidOperationException("The fixture is not initialised.");
    public TestDatabase Database => Host.Database;

    /// <summary>Override to change roles, settings or services for a test class.</summary>
    protected virtual HostSettings Settings => new();

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync(GetType().Name);
        _host = new OmniBotsHostFactory(database, Settings);
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
