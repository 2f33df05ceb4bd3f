using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;
using OmniBots.Knowledge.Ingestion;
using OmniBots.Knowledge.KnowledgeBases;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Knowledge.Sample;

/// <summary>
/// Sample content (issue 5 item 9): every new tenant gets a "Platform guide" knowledge base (key <c>platform-guide</c>,
/// lexical) whose documents, Markdown files embedded in this assembly, explain OmniBots itself. Provisioning creates the
/// knowledge base and queues <c>knowledge.sample-content</c> in its transaction; that job ingests the files through
/// <see cref="IDocumentIngestion"/> like any upload, so they are indexed by the normal jobs.
/// </summary>
internal static class SampleKnowledgeBase
{
    public const string Key = "platform-guide";
    public const string ContentJobKind = "knowledge.sample-content";
    private const string ResourcePrefix = "OmniBots.Knowledge.Sample.Content.";

    public static readonly KnowledgeBaseSettings Settings = new(
        "Platform guide", "Sample knowledge base: how OmniBots works. Edit or delete it freely.", Key, null,
        KnowledgeBaseSettings.DefaultChunkSize, KnowledgeBaseSettings.DefaultChunkOverlap, KnowledgeBaseSettings.DefaultTopK, 0, SearchModes.Lexical);

    public static IServiceCollection AddSampleKnowledgeBase(this IServiceCollection services)
    {
        services.AddTenantProvisioningStep<SampleKnowledgeBaseStep>();
        services.AddJobHandler<SampleContentHandler>(ContentJobKind);
        return services;
    }

    /// <summary>The embedded documents: file name and content.</summary>
    public static IEnumerable<(string FileName, Func<Stream> Open)> Documents()
    {
        var assembly = typeof(SampleKnowledgeBase).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[ResourcePrefix.Length..], (Func<Stream>)(() => assembly.GetManifestResourceStream(n)!)));
    }
}

internal sealed class SampleKnowledgeBaseStep(IPlatformJobQueue jobs) : ITenantProvisioningStep
{
    public async Task ProvisionAsync(TenantProvisioningContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Idempotent: a second provisioning finds the key taken and leaves the tenant's (maybe edited) knowledge base alone.
        if (await KnowledgeBaseStore.InsertAsync(context.Connection, context.Transaction, Guid.NewGuid(), SampleKnowledgeBase.Settings, ct) is null)
        {
            return;
        }
        await jobs.EnqueueAsync(context.Connection, new JobRequest(SampleKnowledgeBase.ContentJobKind)
        {
            TenantId = context.TenantId,
            IdempotencyKey = "knowledge.sample-content",
        }, "provisioning: sample knowledge base content for the new tenant", ct);
    }
}

/// <summary>Ingests the sample documents into the tenant's platform guide (duplicates are reported, so running again adds nothing).</summary>
internal sealed class SampleContentHandler(KnowledgeBaseStore knowledgeBases, IDocumentIngestion ingestion) : IJobHandler
{
    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        if (await knowledgeBases.FindByKeyAsync(SampleKnowledgeBase.Key, ct) is not { } kb)
        {
            return; // Deleted by the tenant before the job ran.
        }
        foreach (var (fileName, open) in SampleKnowledgeBase.Documents())
        {
            await using var content = open();
            await ingestion.IngestAsync(kb.Id, new IngestFile(fileName, "text/markdown", content), ct);
        }
    }
}
