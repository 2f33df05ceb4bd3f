using OmniBots.Identity.Contracts;
using OmniBots.Platform.Blobs;

namespace OmniBots.Knowledge.Sample;

/// <summary>Deletes a purged tenant's originals (<c>knowledge/</c> in its blobs); its rows go with the schema purge.
/// Blob deletes cannot join the purge transaction: if the purge is retried, the listing is simply empty or shorter.</summary>
internal sealed class KnowledgeBlobPurgeStep(IBlobStore blobs) : ITenantPurgeStep
{
    public async Task PurgeAsync(TenantPurgeContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var prefix = BlobPrefix.ForTenant(context.TenantId, "knowledge/");
        string? token = null;
        var keys = new List<BlobKey>();
        do
        {
            var page = await blobs.ListAsync(prefix, token, 1000, ct);
            keys.AddRange(page.Items.Select(i => i.Key));
            token = page.ContinuationToken;
        }
        while (token is not null);
        foreach (var key in keys)
        {
            await blobs.DeleteAsync(key, ct);
        }
    }
}
