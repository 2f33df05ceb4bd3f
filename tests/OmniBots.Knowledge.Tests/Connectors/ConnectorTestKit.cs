using Microsoft.Extensions.Options;
using OmniBots.Knowledge.Connectors;

namespace OmniBots.Knowledge.Tests.Connectors;

/// <summary>Connectors as production builds them, with the SSRF guard's handler (loopback allowed unless said otherwise).</summary>
internal static class ConnectorTestKit
{
    public static ConnectorOptions Options(bool allowPrivate = true) => new() { AllowPrivateNetworks = allowPrivate, RequestTimeoutSeconds = 5, MaxCrawlDelaySeconds = 1 };

    public static NetworkGuard Guard(bool allowPrivate = true) => new(Microsoft.Extensions.Options.Options.Create(Options(allowPrivate)));

    public static HttpClient Http(bool allowPrivate = true) => new(Guard(allowPrivate).CreateHandler());

    public static SyncState Empty => new(null, new Dictionary<string, string?>());

    public static SyncState Knowing(ChangeSet previous) => new(previous.NextCursor, previous.Changed.ToDictionary(f => f.ExternalId, f => f.Version));

    public static async Task<string> ReadAsync(IKnowledgeConnector connector, RemoteFile file)
    {
        await using var fetched = await connector.FetchAsync(file, CancellationToken.None);
        using var reader = new StreamReader(fetched.Content);
        return await reader.ReadToEndAsync();
    }
}
