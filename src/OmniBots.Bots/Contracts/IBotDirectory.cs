namespace OmniBots.Bots.Contracts;

/// <summary>
/// What the conversation runtime and the channels need from the bots module: resolving a widget deployment key
/// and loading a bot version ready to run. Implemented by the bots module; other modules use only this.
/// </summary>
public interface IBotDirectory
{
    /// <summary>
    /// Finds a deployment by its key across tenants (the caller has no tenant yet: a widget opening a session).
    /// Null when no deployment has this key (rotated keys stop working at once).
    /// </summary>
    Task<DeploymentLookup?> FindDeploymentAsync(string deploymentKey, CancellationToken ct);

    /// <summary>
    /// Loads a bot of the current tenant with the chosen version's content, the reusable flows it targets and
    /// the managed prompt texts it names. Null when the bot does not exist or has no such version.
    /// </summary>
    Task<RunnableBot?> LoadAsync(Guid botId, BotVersionChoice version, CancellationToken ct);

    /// <summary>
    /// Loads one version of a bot of the current tenant by id, whatever its status (a conversation keeps the version
    /// it started on; a draft is read at its current revision). Null when the bot or the version does not exist.
    /// </summary>
    Task<RunnableBot?> LoadVersionAsync(Guid botId, Guid versionId, CancellationToken ct);
}

public enum BotVersionChoice
{
    /// <summary>The one published version (what customers talk to).</summary>
    Published,
    /// <summary>The current draft (the simulator, FLOW-8).</summary>
    Draft,
}

/// <param name="AllowedOrigins">Normalised origins (<c>https://shop.example</c>); see <see cref="AllowsOrigin"/>.</param>
public sealed record DeploymentLookup(
    Guid TenantId, Guid BotId, Guid DeploymentId, string Channel, IReadOnlyList<string> AllowedOrigins, bool AllowAnyOrigin, bool Enabled)
{
    /// <summary>True when a page served from <paramref name="origin"/> (the browser's Origin header) may use the deployment.</summary>
    public bool AllowsOrigin(string? origin)
    {
        if (AllowAnyOrigin)
        {
            return true;
        }
        if (string.IsNullOrWhiteSpace(origin))
        {
            return false;
        }
        var trimmed = origin.Trim().TrimEnd('/');
        return AllowedOrigins.Any(o => string.Equals(o, trimmed, StringComparison.OrdinalIgnoreCase));
    }
}

/// <param name="ContentJson">The version's flow content (<c>{ primaryFlow, linkedFlows }</c>), as
/// <c>OmniBots.Runtime.Contracts.FlowSet.Parse</c> reads it.</param>
/// <param name="ReusableFlows">The published graphs (<c>{nodes, edges}</c>) of the tenant's reusable flows the version targets, by id.</param>
/// <param name="Prompts">Managed prompt texts by <c>key@version</c> and <c>key@latest</c>.</param>
public sealed record RunnableBot(
    Guid BotId, string Name, Guid VersionId, int VersionNumber, string VersionStatus, string ContentJson,
    IReadOnlyDictionary<Guid, string> ReusableFlows, IReadOnlyDictionary<string, string> Prompts, BotSettings Settings)
{
    /// <summary>The version's save counter (a draft changes; published and archived versions do not).</summary>
    public int Revision { get; init; }
    /// <summary>active or disabled.</summary>
    public string BotStatus { get; init; } = "active";
    /// <summary>Identifies the content, reusable flows and prompts loaded: equal fingerprints parse to equal flows
    /// (callers cache parsed flows by it).</summary>
    public string Fingerprint { get; init; } = "";
}

/// <param name="DefaultModel">Empty: the tenant's default model.</param>
/// <param name="IdleTimeoutMinutes">A conversation with no message for this long is closed (default 30).</param>
public sealed record BotSettings(
    IReadOnlyList<string> Languages, string DefaultLanguage, string DefaultModel, IReadOnlyList<Guid> KnowledgeBaseIds, string Greeting,
    int IdleTimeoutMinutes);
