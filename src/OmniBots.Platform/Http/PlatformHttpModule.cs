using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Http.Errors;
using OmniBots.Platform.Http.Limits;
using OmniBots.Platform.Http.Logging;
using OmniBots.Platform.Http.Metrics;
using OmniBots.Platform.Http.OpenApi;
using OmniBots.Platform.Http.RequestIds;
using OmniBots.Platform.Http.Testing;

namespace OmniBots.Platform.Http;

/// <summary>The HTTP conventions every module's API inherits: problem details for every error,
/// request ids, body size limits, JSON logs, OpenAPI with /docs, and Prometheus /metrics.</summary>
public static class PlatformHttpModule
{
    public static IServiceCollection AddPlatformHttp(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpOptions>>(
            (kestrel, http) => kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes);

        // Replaces the default context factory (whatever registered it) so ids exist before the
        // server's request logging scope opens; see RequestIdHttpContextFactory.
        services.RemoveAll<IHttpContextFactory>();
        services.AddSingleton<IHttpContextFactory>(provider => new RequestIdHttpContextFactory(provider, provider.GetRequiredService<TimeProvider>()));

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsCustomizer.Customize);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, FallbackProblemDetailsWriter>());
        services.AddExceptionHandler<PlatformExceptionHandler>();
        // Outside Development, minimal APIs answer a bad body with a bare 400 and log why; throwing
        // lets the exception handler put the reason (JSON path and position, media type) in the answer.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddPlatformLogging(environment);
        services.AddPlatformOpenApi();
        services.AddSingleton<MetricsCollector>();
        services.AddHostedService(provider => provider.GetRequiredService<MetricsCollector>());
        return services;
    }

    /// <summary>
    /// Call first: request ids, then errors, then routing, then body limits (which need the
    /// matched endpoint). It calls <c>UseRouting</c> itself so the order stays right.
    /// </summary>
    public static IApplicationBuilder UsePlatformHttp(this IApplicationBuilder app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiDocsPage();
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    /// <summary>OpenAPI document, /metrics, and in the Testing environment the test endpoints.</summary>
    public static IEndpointRouteBuilder MapPlatformHttp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPlatformOpenApi();
        endpoints.MapMetrics();
        if (endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsEnvironment("Testing"))
        {
            endpoints.MapTestEndpoints();
        }
        return endpoints;
    }
}
