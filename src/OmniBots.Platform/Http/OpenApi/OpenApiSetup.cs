using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace OmniBots.Platform.Http.OpenApi;

/// <summary>One OpenAPI document, <c>/openapi/v1.json</c>, generated from the mapped endpoints,
/// and a browsable page at <c>/docs</c> that reads it.</summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPrefix = "docs";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services)
        => services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "OmniBots API",
                    Version = DocumentName,
                    Description = "Errors are RFC 7807 problem details; every response carries X-Request-Id. See docs/api.md.",
                };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<ProblemDetailsDocumentTransformer>();
        });

    public static IEndpointRouteBuilder MapPlatformOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }

    public static IApplicationBuilder UseApiDocsPage(this IApplicationBuilder app)
        => app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = DocsPrefix;
            ui.DocumentTitle = "OmniBots API";
            ui.SwaggerEndpoint(DocumentPath, "OmniBots API v1");
        });
}
