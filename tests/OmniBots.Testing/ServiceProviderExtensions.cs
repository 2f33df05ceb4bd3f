using Microsoft.Extensions.DependencyInjection;

namespace OmniBots.Testing;

public static class ServiceProviderExtensions
{
    public static IEnumerable<T> GetServicesOf<T>(this IServiceProvider services) => services.GetServices<T>();
}
