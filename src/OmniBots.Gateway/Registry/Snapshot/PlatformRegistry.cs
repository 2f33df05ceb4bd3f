namespace OmniBots.Gateway.Registry.Snapshot;

/// <summary>The platform's part of the registry, immutable once loaded: replaced as a whole when it changes.</summary>
internal sealed class PlatformRegistry(
    IReadOnlyDictionary<string, ModelEntry> models,
    IReadOnlyDictionary<string, PricePeriod[]> prices,
    IReadOnlyDictionary<Guid, EndpointEntry> endpoints,
    IReadOnlyDictionary<string, Guid[]> routes,
    IReadOnlyDictionary<string, string> defaults)
{
    public IReadOnlyDictionary<string, ModelEntry> Models { get; } = models;
    public IReadOnlyDictionary<Guid, EndpointEntry> Endpoints { get; } = endpoints;
    public IReadOnlyDictionary<string, Guid[]> Routes { get; } = routes;
    /// <summary>"chat" / "embeddings" → model code.</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; } = defaults;

    public PricePeriod? PriceOn(string model, DateOnly day) =>
        prices.TryGetValue(model, out var periods) ? Array.Find(periods, p => p.Covers(day)) : null;
}

/// <summary>One tenant's part of the registry: its own endpoints, routes and defaults.</summary>
internal sealed class TenantRegistry(
    IReadOnlyDictionary<Guid, EndpointEntry> endpoints,
    IReadOnlyDictionary<string, RouteStep[]> routes,
    IReadOnlyDictionary<string, string> defaults)
{
    public static TenantRegistry Empty { get; } = new(new Dictionary<Guid, EndpointEntry>(), new Dictionary<string, RouteStep[]>(), new Dictionary<string, string>());

    public IReadOnlyDictionary<Guid, EndpointEntry> Endpoints { get; } = endpoints;
    public IReadOnlyDictionary<string, RouteStep[]> Routes { get; } = routes;
    public IReadOnlyDictionary<string, string> Defaults { get; } = defaults;
}
