using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>The Http and Logging:Format settings, each on a host of its own.</summary>
public sealed class StartupSettingsTests
{
    private static async Task<OmniBotsHostFactory> StartAsync(string key, string value)
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(StartupSettingsTests));
        var host = new OmniBotsHostFactory(database, new HostSettings { Extra = new Dictionary<string, string?> { [key] = value } });
        await host.StartAsync();
        return host;
    }

    [Theory]
    [InlineData("Http:MaxRequestBodyBytes", "10", "Http:MaxRequestBodyBytes must be between 1024")]
    [InlineData("Http:RefusedBodyDrainBytes", "-1", "Http:RefusedBodyDrainBytes must be between 0")]
    [InlineData("Logging:Format", "xml", "Logging:Format must be 'json' or 'simple' (was 'xml')")]
    public async Task InvalidSetting_StopsStartWithAMessageNamingIt(string key, string value, string message)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await (await StartAsync(key, value)).DisposeAsync());

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleLogFormat_SelectsTheSimpleConsoleFormatter()
    {
        await using var host = await StartAsync("Logging:Format", "simple");

        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Simple, console.FormatterName);
    }
}
