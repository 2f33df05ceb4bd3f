using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OmniBots.Channels.Rest;

internal static class RestChannelModule
{
    /// <summary>What the conversation engine accepts at most; a longer limit here would only move the refusal there.</summary>
    private const int MaxEngineText = 4000;

    public static IServiceCollection AddRestChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RestChannelOptions>().Bind(configuration.GetSection(RestChannelOptions.Section))
            .Validate(o => o.MaxTextLength is >= 1 and <= MaxEngineText, $"{RestChannelOptions.Section}:MaxTextLength must be between 1 and {MaxEngineText} (the engine's limit).")
            .ValidateOnStart();
        return services;
    }
}
