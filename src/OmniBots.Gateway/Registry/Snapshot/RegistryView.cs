using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Registry.Snapshot;

/// <summary>A model's route for one tenant: the endpoints in failover order, as configured.</summary>
internal sealed record ResolvedRoute(ModelEntry Model, IReadOnlyList<EndpointEntry> Endpoints);

/// <summary>
/// What one tenant sees of the registry: a tenant route for a model replaces the platform route; default models
/// come from the tenant's settings, else the platform's, else the offline models.
/// </summary>
internal sealed record RegistryView(PlatformRegistry Platform, TenantRegistry Tenant)
{
    public string DefaultModel(ModelType type)
    {
        var kind = type == ModelType.Embeddings ? "embeddings" : "chat";
        return Tenant.Defaults.GetValueOrDefault(kind)
            ?? Platform.Defaults.GetValueOrDefault(kind)
            ?? (type == ModelType.Embeddings ? BuiltInModels.OfflineEmbeddings : BuiltInModels.OfflineChat);
    }

    public ResolvedRoute? Resolve(string model)
    {
        if (!Platform.Models.TryGetValue(model, out var entry))
        {
            return null;
        }
        if (Tenant.Routes.TryGetValue(model, out var steps))
        {
            var endpoints = new List<EndpointEntry>(steps.Length);
            foreach (var step in steps)
            {
                var source = step.Platform ? Platform.Endpoints : Tenant.Endpoints;
                if (source.TryGetValue(step.EndpointId, out var endpoint))
                {
                    endpoints.Add(endpoint);
                }
            }
            return new ResolvedRoute(entry, endpoints);
        }
        if (Platform.Routes.TryGetValue(model, out var ids))
        {
            return new ResolvedRoute(entry, [.. ids.Select(id => Platform.Endpoints[id])]);
        }
        return null;
    }

    /// <summary>Models with a route (the tenant's or the platform's) that has at least one endpoint.</summary>
    public IReadOnlyList<GatewayModel> CallableModels(ModelType? type)
    {
        var codes = new HashSet<string>(Tenant.Routes.Where(r => r.Value.Length > 0).Select(r => r.Key), StringComparer.Ordinal);
        codes.UnionWith(Platform.Routes.Where(r => r.Value.Length > 0).Select(r => r.Key));
        return [.. codes
            .Select(c => Platform.Models.GetValueOrDefault(c))
            .OfType<ModelEntry>()
            .Where(m => type is null || m.Type == type)
            .OrderBy(m => m.Code, StringComparer.Ordinal)
            .Select(m => m.ToContract())];
    }
}
