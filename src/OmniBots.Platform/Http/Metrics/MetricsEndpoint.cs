using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OmniBots.Platform.Http.Metrics;

internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGet(Path, static async context =>
            {
                var families = context.RequestServices.GetRequiredService<MetricsCollector>().Collect();
                context.Response.ContentType = PrometheusTextFormatter.ContentType;
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsync(PrometheusTextFormatter.Format(families), context.RequestAborted);
            })
            .ExcludeFromDescription()
            // Scrapes every few seconds would otherwise dominate the request rate they report.
            .DisableHttpMetrics();
}
