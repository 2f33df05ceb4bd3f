namespace OmniBots.Knowledge.Connectors.AzureBlob;

/// <summary>Where a storage account's blob endpoint is and how to authorise: an account key (Shared Key) or a SAS token.</summary>
internal sealed record AzureStorageAccount(Uri BlobEndpoint, string? AccountName, byte[]? AccountKey, string? SasToken)
{
    /// <summary>Parses <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=…</c> (or with
    /// <c>BlobEndpoint=</c>, as the emulator and custom domains use), as the Azure portal shows it.</summary>
    public static AzureStorageAccount FromConnectionString(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        parts.TryGetValue("AccountName", out var account);
        parts.TryGetValue("SharedAccessSignature", out var sas);
        Uri endpoint;
        if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            endpoint = new Uri(blobEndpoint.TrimEnd('/') + "/");
        }
        else if (account is not null)
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{account}.blob.{suffix}/");
        }
        else
        {
            throw new ConnectorException("The connection string names neither AccountName nor BlobEndpoint.");
        }
        byte[]? key = null;
        if (parts.TryGetValue("AccountKey", out var keyText))
        {
            try
            {
                key = Convert.FromBase64String(keyText);
            }
            catch (FormatException ex)
            {
                throw new ConnectorException("The connection string's AccountKey is not base64.", ex);
            }
        }
        if (key is null && sas is null)
        {
            throw new ConnectorException("The connection string has neither AccountKey nor SharedAccessSignature.");
        }
        if (key is not null && account is null)
        {
            throw new ConnectorException("The connection string has an AccountKey but no AccountName.");
        }
        return new AzureStorageAccount(endpoint, account, key, sas?.TrimStart('?'));
    }
}
