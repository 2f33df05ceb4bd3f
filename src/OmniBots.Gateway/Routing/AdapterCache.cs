using System.Collections.Concurrent;
using System.Collections.Frozen;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Registry.Snapshot;

namespace OmniBots.Gateway.Routing;

/// <summary>
/// The adapter factories by provider code, and one adapter per endpoint version: an endpoint's change bumps its
/// version, so the next call builds a fresh adapter while calls in flight finish on the old one.
/// </summary>
internal sealed class AdapterCache(IEnumerable<IProviderAdapterFactory> factories)
{
    private readonly FrozenDictionary<string, IProviderAdapterFactory> _factories = factories
        .GroupBy(f => f.Provider, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, (int Version, ILlmProvider Adapter)> _adapters = new();

    public IReadOnlyCollection<string> Providers => _factories.Keys;

    public IProviderAdapterFactory? Factory(string provider) => _factories.GetValueOrDefault(provider);

    /// <summary>Null when no factory knows the endpoint's provider.</summary>
    public ILlmProvider? For(EndpointEntry endpoint)
    {
        if (_adapters.TryGetValue(endpoint.Id, out var cached) && cached.Version == endpoint.Version)
        {
            return cached.Adapter;
        }
        if (Factory(endpoint.Provider) is not { } factory)
        {
            return null;
        }
        var adapter = factory.Create(endpoint.ToConnection());
        _adapters[endpoint.Id] = (endpoint.Version, adapter);
        return adapter;
    }
}
