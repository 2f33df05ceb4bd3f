using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Contracts;
using OmniBots.Knowledge.Contracts;
using OmniBots.Knowledge.Documents;
using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Ingestion;
using OmniBots.Knowledge.KnowledgeBases;
using OmniBots.Knowledge.Parsing;
using OmniBots.Knowledge.Retrieval;
using OmniBots.Knowledge.Sample;
using OmniBots.Knowledge.Sources;
using OmniBots.Knowledge.Search;
using OmniBots.Platform;
using OmniBots.Platform.Jobs;

namespace OmniBots.Knowledge;

/// <summary>Knowledge bases (issue 5, SPEC KB-1..KB-7): ingestion, connectors, indexing jobs, retrieval and cited answers.</summary>
public static class KnowledgeModule
{
    public static IServiceCollection AddKnowledgeModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleMigrations("knowledge", typeof(KnowledgeModule).Assembly);
        services.AddOptions<UploadLimits>().Bind(configuration.GetSection(UploadLimits.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UploadLimits>, UploadLimitsValidator>());

        services.AddScoped<KnowledgeBaseValidator>();
        services.AddScoped<KnowledgeBaseStore>();
        services.AddScoped<DocumentStore>();
        services.AddScoped<IndexGenerations>();
        services.AddScoped<IDocumentIngestion, DocumentIngestion>();
        services.AddScoped<IChunkStore, ChunkStore>();

        services.AddSingleton<IDocumentParser, PdfParser>();
        services.AddSingleton<IDocumentParser, DocxParser>();
        services.AddSingleton<IDocumentParser, HtmlParser>();
        services.AddSingleton<IDocumentParser, CsvParser>();
        services.AddSingleton<IDocumentParser, MarkdownParser>();
        services.AddSingleton<IDocumentParser, TextParser>();
        services.AddSingleton<DocumentParsers>();
        services.AddScoped<ChunkEmbedder>();
        services.AddScoped<IndexWriter>();
        services.AddJobHandler<IndexDocumentHandler>(IndexDocumentHandler.Kind);

        services.AddOptions<RetrievalOptions>().Bind(configuration.GetSection(RetrievalOptions.Section))
            .Validate(o => o.CacheMegabytes > 0, $"{RetrievalOptions.Section}:CacheMegabytes must be positive.").ValidateOnStart();
        services.AddSingleton<KnowledgeIndexCache>();
        services.AddHostedService(sp => sp.GetRequiredService<KnowledgeIndexCache>());
        services.AddScoped<IKnowledgeSearch, KnowledgeSearch>();

        services.AddSampleKnowledgeBase();
        services.AddTenantSchemaPurge("knowledge");
        services.AddTenantPurgeStep<KnowledgeBlobPurgeStep>();
        services.AddKnowledgeSources(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");
        var knowledgeBases = api.MapKnowledgeBases();
        knowledgeBases.MapDocuments(endpoints.ServiceProvider);
        endpoints.MapKnowledgeSources();
        knowledgeBases.MapKnowledgeSearch();
        return endpoints;
    }
}
