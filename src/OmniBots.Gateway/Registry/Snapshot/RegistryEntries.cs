using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;

namespace OmniBots.Gateway.Registry.Snapshot;

internal sealed record ModelEntry(string Code, ModelType Type, int? ContextTokens, int? Dimensions, bool BuiltIn)
{
    public GatewayModel ToContract() => new(Code, Type, ContextTokens) { Dimensions = Dimensions };
}

/// <summary>A dated price; <see cref="ValidTo"/> is the last day it applies (inclusive), null when open-ended.</summary>
internal sealed record PricePeriod(Guid Id, string ModelCode, DateOnly ValidFrom, DateOnly? ValidTo, decimal InputPerMillion, decimal OutputPerMillion, string Currency)
{
    public bool Covers(DateOnly day) => ValidFrom <= day && (ValidTo is null || day <= ValidTo);
}

/// <summary>
/// An endpoint as the router uses it: credentials already unprotected (in memory only). <see cref="TenantId"/> is
/// null for platform endpoints. <see cref="Models"/> maps a registry model code to the name the upstream knows.
/// </summary>
internal sealed record EndpointEntry(
    Guid Id,
    Guid? TenantId,
    string Name,
    string Provider,
    Uri? BaseUrl,
    string? Region,
    IReadOnlyDictionary<string, string> Credentials,
    IReadOnlyDictionary<string, string> Settings,
    ProviderTimeouts Timeouts,
    bool Enabled,
    int Version,
    IReadOnlyDictionary<string, string> Models)
{
    /// <summary>Credentials that could not be unprotected (key ring lost a key): the endpoint is skipped with this reason.</summary>
    public string? Unusable { get; init; }

    public ProviderConnection ToConnection() => new()
    {
        Provider = Provider,
        BaseUrl = BaseUrl,
        Region = Region,
        Credentials = Credentials,
        Settings = Settings,
        Timeouts = Timeouts,
        HttpClientName = TenantId is null ? GatewayHttp.ClientName : GatewayHttp.TenantClientName,
    };
}

/// <summary>One step of a tenant route: an own endpoint or a platform endpoint.</summary>
internal sealed record RouteStep(Guid EndpointId, bool Platform);
