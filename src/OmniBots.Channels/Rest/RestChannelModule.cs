using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OmniBots.Channels.Rest;

internal static class RestChannelModule
{
    public static IServiceCollection AddRestChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RestChannelOptions>().Bind(configuration.GetSection(RestChannelOptions.Section))
            .Validate(o => o.MaxTextLength is >= 1 and <= 100_000, $"{RestChannelOptions.Section}:MaxTextLength must be between 1 and 100000.")
            .ValidateOnStart();
        return services;
    }
}
