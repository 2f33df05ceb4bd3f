namespace OmniBots.Gateway.Registry.Endpoints;

/// <summary>
/// Create or replace an endpoint. <see cref="Credentials"/> are write-only: null on a replace keeps the stored ones,
/// an object replaces them all. <see cref="Models"/>: the registry models it serves, each with the name the
/// upstream knows (an Azure deployment name, say; defaults to the model code).
/// </summary>
internal sealed record EndpointRequest(
    string? Name,
    string? Provider,
    string? BaseUrl,
    string? Region,
    Dictionary<string, string>? Credentials,
    Dictionary<string, string>? Settings,
    double? FirstByteTimeoutSeconds,
    double? TotalTimeoutSeconds,
    bool? Enabled,
    List<EndpointModelRequest>? Models);

internal sealed record EndpointModelRequest(string? Model, string? UpstreamName);

/// <summary>An endpoint as the API shows it: never its credentials, only whether and which are set.</summary>
internal sealed record EndpointView(
    Guid Id,
    string Scope,
    string Name,
    string Provider,
    string? BaseUrl,
    string? Region,
    bool HasCredentials,
    IReadOnlyList<string> CredentialNames,
    IReadOnlyDictionary<string, string> Settings,
    double FirstByteTimeoutSeconds,
    double TotalTimeoutSeconds,
    bool Enabled,
    bool BuiltIn,
    int Version,
    IReadOnlyList<EndpointModelView> Models);

internal sealed record EndpointModelView(string Model, string UpstreamName);
