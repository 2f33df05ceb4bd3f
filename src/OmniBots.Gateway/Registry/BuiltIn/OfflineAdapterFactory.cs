using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Offline;
using OmniBots.Gateway.Providers;

namespace OmniBots.Gateway.Registry.BuiltIn;

/// <summary>The built-in offline provider (GW-8) as an endpoint kind: no URL, no credentials, no settings.</summary>
internal sealed class OfflineAdapterFactory(OfflineProvider provider) : IProviderAdapterFactory
{
    public const string Code = "offline";
    /// <summary>The built-in endpoint's fixed id (see migration 0001).</summary>
    public static readonly Guid EndpointId = new("00000000-0000-0000-0000-00000000000f");

    public string Provider => Code;

    public IReadOnlyList<string> Validate(ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var problems = new List<string>();
        if (connection.BaseUrl is not null)
        {
            problems.Add("baseUrl must be empty: the offline provider runs in process.");
        }
        if (connection.Credentials.Count > 0)
        {
            problems.Add("credentials must be empty: the offline provider needs none.");
        }
        return problems;
    }

    public ILlmProvider Create(ProviderConnection connection) => provider;
}
