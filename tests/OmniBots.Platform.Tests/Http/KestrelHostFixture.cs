using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Database;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>The host on real Kestrel and a loopback socket (a free port), for behaviour the
/// in-memory test server does not have: Kestrel's own body limits and connection handling.</summary>
public sealed class KestrelHostFixture : IAsyncLifetime
{
    private OmniBotsHostFactory? _host;

    public OmniBotsHostFactory Host => _host ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(KestrelHostFixture));
        _host = new OmniBotsHostFactory(database);
        _host.UseKestrel(0);
        _host.StartServer();
        await _host.Services.GetRequiredService<PlatformDatabase>().Ready;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
