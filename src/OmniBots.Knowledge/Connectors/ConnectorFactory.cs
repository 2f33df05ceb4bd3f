using Microsoft.Extensions.Options;
using OmniBots.Knowledge.Connectors.AzureBlob;
using OmniBots.Knowledge.Connectors.GoogleDrive;
using OmniBots.Knowledge.Connectors.Graph;
using OmniBots.Knowledge.Connectors.S3;
using OmniBots.Knowledge.Sources;
using OmniBots.Knowledge.WebCrawl;

namespace OmniBots.Knowledge.Connectors;

/// <summary>Makes the connector of a source's type from its settings and (unprotected) credentials.</summary>
internal sealed class ConnectorFactory(IHttpClientFactory http, NetworkGuard guard, IOptions<ConnectorOptions> options, TimeProvider time)
{
    public IKnowledgeConnector Create(string type, SourceSettings settings, SourceCredentials? credentials)
    {
        var creds = credentials ?? new SourceCredentials();
        var client = http.CreateClient(NetworkGuard.HttpClientName);
        return type switch
        {
            SourceTypes.S3 => new S3Connector(settings, creds, guard),
            SourceTypes.AzureBlob => new AzureBlobConnector(settings, AzureAccount(settings, creds), client, time),
            SourceTypes.SharePoint or SourceTypes.OneDrive => new GraphConnector(settings, creds, client),
            SourceTypes.GoogleDrive => new GoogleDriveConnector(settings, creds, client),
            SourceTypes.Web => new WebCrawlConnector(settings, client, options.Value, time),
            SourceTypes.FileUrl => new FileUrlConnector(settings, client, options.Value),
            _ => throw new ConnectorException($"The '{type}' connector is not built yet."),
        };
    }

    private static AzureStorageAccount AzureAccount(SourceSettings settings, SourceCredentials credentials)
        => credentials.ConnectionString is { Length: > 0 } connectionString
            ? AzureStorageAccount.FromConnectionString(connectionString)
            : new AzureStorageAccount(new Uri(settings.AccountUrl!.TrimEnd('/') + "/"), null, null, credentials.SasToken!.TrimStart('?'));
}
