using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Sources;
using OmniBots.Platform;

namespace OmniBots.Knowledge;

/// <summary>Knowledge bases (issue 5, SPEC KB-1..KB-7): ingestion, connectors, indexing jobs, retrieval and cited answers.</summary>
public static class KnowledgeModule
{
    public static IServiceCollection AddKnowledgeModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleMigrations("knowledge", typeof(KnowledgeModule).Assembly);
        services.AddKnowledgeSources(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapKnowledgeSources();
        return endpoints;
    }
}
