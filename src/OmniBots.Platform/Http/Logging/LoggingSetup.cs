using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Http.Logging;

internal static class LoggingSetup
{
    public static IServiceCollection AddPlatformLogging(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<LogFormatOptions>().BindConfiguration(LogFormatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogFormatOptions>, LogFormatOptionsValidator>();
        services.AddLogging(logging => logging
            .AddJsonConsole(json =>
            {
                // Scopes carry RequestId, TraceId and SpanId: without them a JSON line cannot be tied to its request.
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            })
            .AddSimpleConsole(simple =>
            {
                simple.IncludeScopes = true;
                simple.SingleLine = true;
                simple.TimestampFormat = "HH:mm:ss ";
            }));
        // AddJsonConsole and AddSimpleConsole each select their formatter; the setting decides last.
        // It is read from the final configuration (not at registration), so test and
        // command-line overrides apply.
        services.AddOptions<ConsoleLoggerOptions>().PostConfigure<IConfiguration>((console, configuration)
            => console.FormatterName = LogFormatOptions.FormatterFor(configuration[$"{LogFormatOptions.Section}:Format"], environment));
        return services;
    }
}
