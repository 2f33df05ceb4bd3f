using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniBots.Identity.Security.GeoIp;

/// <summary>
/// Imports the CSV pair from <c>Security:GeoIp:CsvFolder</c> at start when the table is empty, so a
/// deployment ships its data file instead of downloading at run time. Files: the first
/// <c>*Blocks-IPv4*.csv</c> and <c>*Locations*.csv</c> (GeoLite2 names, e.g. <c>GeoLite2-City-Locations-en.csv</c>).
/// </summary>
internal sealed partial class GeoIpStartupImport(IServiceProvider services, IOptions<SecuritySettings> settings, ILogger<GeoIpStartupImport> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.GeoIp.CsvFolder is not { Length: > 0 } folder)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GeoIpStore>();
        if (!await store.IsEmptyAsync(cancellationToken))
        {
            return;
        }
        var blocks = Directory.EnumerateFiles(folder, "*Blocks-IPv4*.csv").Order(StringComparer.Ordinal).FirstOrDefault();
        var locations = Directory.EnumerateFiles(folder, "*Locations*.csv").Order(StringComparer.Ordinal).FirstOrDefault();
        if (blocks is null || locations is null)
        {
            throw new InvalidOperationException($"Security:GeoIp:CsvFolder: '{folder}' must hold a *Blocks-IPv4*.csv and a *Locations*.csv file.");
        }
        using var blockReader = new StreamReader(blocks);
        using var locationReader = new StreamReader(locations);
        var networks = await GeoIpCsv.ReadAsync(blockReader, locationReader, cancellationToken);
        var count = await store.ReplaceAsync(networks, cancellationToken);
        LogImported(count, folder);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Count} IP-to-location networks from {Folder}")]
    private partial void LogImported(int count, string folder);
}
