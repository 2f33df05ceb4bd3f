using System.Text.RegularExpressions;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Registry.Snapshot;
using OmniBots.Gateway.Routing;

namespace OmniBots.Gateway.Registry.Endpoints;

/// <summary>Checks an endpoint request and collects every problem at once, each under the field it concerns.</summary>
internal static partial class EndpointValidation
{
    public const double MaxFirstByteSeconds = 600;
    public const double MaxTotalSeconds = 3600;

    public sealed record Checked(string Name, string Provider, Uri? BaseUrl, string? Region, Dictionary<string, string> Settings,
        int FirstByteMs, int TotalMs, bool Enabled, List<EndpointModelView> Models);

    /// <param name="credentials">What the endpoint will hold: the request's, or the stored ones when it keeps them.</param>
    public static Checked Check(EndpointRequest request, IReadOnlyDictionary<string, string> credentials, PlatformRegistry registry,
        AdapterCache adapters, Dictionary<string, string[]> errors)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }
        var provider = request.Provider?.Trim() ?? "";
        var factory = adapters.Factory(provider);
        if (factory is null)
        {
            errors["provider"] = [$"Unknown provider '{provider}'; known: {string.Join(", ", adapters.Providers.Order(StringComparer.Ordinal))}."];
        }
        Uri? baseUrl = null;
        if (!string.IsNullOrWhiteSpace(request.BaseUrl)
            && (!Uri.TryCreate(request.BaseUrl.Trim(), UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https") || request.BaseUrl.Length > 500))
        {
            errors["baseUrl"] = ["An absolute http or https URL of at most 500 characters."];
            baseUrl = null;
        }
        var region = string.IsNullOrWhiteSpace(request.Region) ? null : request.Region.Trim();
        if (region is { Length: > 50 })
        {
            errors["region"] = ["At most 50 characters."];
        }
        var firstByte = request.FirstByteTimeoutSeconds ?? ProviderTimeouts.Default.FirstByte.TotalSeconds;
        if (firstByte is <= 0 or > MaxFirstByteSeconds)
        {
            errors["firstByteTimeoutSeconds"] = [$"Above 0 and at most {MaxFirstByteSeconds}."];
        }
        var total = request.TotalTimeoutSeconds ?? ProviderTimeouts.Default.Total.TotalSeconds;
        if (total is <= 0 or > MaxTotalSeconds || total < firstByte)
        {
            errors["totalTimeoutSeconds"] = [$"Above 0, at most {MaxTotalSeconds}, and not below firstByteTimeoutSeconds."];
        }
        var credentialProblems = (request.Credentials ?? []).Where(c => !CredentialName().IsMatch(c.Key) || string.IsNullOrEmpty(c.Value)).Select(c => c.Key).ToList();
        if (credentialProblems.Count > 0)
        {
            errors["credentials"] = [$"Names are lower-case letters, digits and '_'; values are not empty: {string.Join(", ", credentialProblems)}."];
        }
        var models = CheckModels(request.Models ?? [], registry, errors);
        var settings = request.Settings ?? [];
        if (factory is not null)
        {
            var connection = new ProviderConnection
            {
                Provider = provider,
                BaseUrl = baseUrl,
                Region = region,
                Credentials = credentials,
                Settings = settings,
                Timeouts = new ProviderTimeouts(TimeSpan.FromSeconds(Math.Max(firstByte, 0.001)), TimeSpan.FromSeconds(Math.Max(total, 0.001))),
            };
            foreach (var problem in factory.Validate(connection))
            {
                var field = FieldOf(problem);
                errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, problem] : [problem];
            }
        }
        return new Checked(name, provider, baseUrl, region, settings, (int)(firstByte * 1000), (int)(total * 1000), request.Enabled ?? true, models);
    }

    private static List<EndpointModelView> CheckModels(List<EndpointModelRequest> requested, PlatformRegistry registry, Dictionary<string, string[]> errors)
    {
        var models = new List<EndpointModelView>();
        for (var i = 0; i < requested.Count; i++)
        {
            var code = requested[i].Model?.Trim() ?? "";
            var upstream = string.IsNullOrWhiteSpace(requested[i].UpstreamName) ? code : requested[i].UpstreamName!.Trim();
            if (!registry.Models.ContainsKey(code))
            {
                errors[$"models[{i}].model"] = [$"No model '{code}' in the registry."];
            }
            else if (models.Any(m => m.Model == code))
            {
                errors[$"models[{i}].model"] = [$"'{code}' is listed twice."];
            }
            if (upstream.Length is 0 or > 200)
            {
                errors[$"models[{i}].upstreamName"] = ["1 to 200 characters."];
            }
            models.Add(new EndpointModelView(code, upstream));
        }
        return models;
    }

    /// <summary>Factories name the field first ("credentials.api_key is required"); anything else is about the connection as a whole.</summary>
    private static string FieldOf(string problem)
    {
        var first = problem.Split(' ', 2)[0].TrimEnd(':', ',');
        var named = first.Contains('.', StringComparison.Ordinal) || first.Contains('[', StringComparison.Ordinal) || TopLevelFields.Contains(first);
        return named && FieldPath().IsMatch(first) ? first : "connection";
    }

    private static readonly HashSet<string> TopLevelFields = new(["name", "provider", "baseUrl", "region", "credentials", "settings"], StringComparer.Ordinal);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,49}$")]
    private static partial Regex CredentialName();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+|\[\d+\])*$")]
    private static partial Regex FieldPath();
}
