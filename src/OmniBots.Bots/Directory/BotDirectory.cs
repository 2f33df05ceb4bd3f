using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OmniBots.Bots.Common;
using OmniBots.Bots.Contracts;
using OmniBots.Bots.Flows.Catalogue;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Directory;

/// <summary>
/// <see cref="IBotDirectory"/>: deployment keys through <see cref="DeploymentKeyLookup"/>, versions on the current
/// tenant's connection (row-level security: another tenant's bot is not found). A version is loaded with the
/// reusable flows its Go to flow nodes target (and those they target, transitively) and every version of the managed
/// prompts its LLM nodes name, keyed <c>key@N</c> and <c>key@latest</c>.
/// </summary>
internal sealed class BotDirectory(TenantDatabase db, DeploymentKeyLookup deployments) : IBotDirectory
{
    private const string Columns =
        "b.name, b.status, b.languages, b.default_language, b.default_model, b.knowledge_base_ids, b.greeting, b.idle_timeout_minutes, " +
        "v.id, v.number, v.status, v.content::text, v.revision";

    public Task<DeploymentLookup?> FindDeploymentAsync(string deploymentKey, CancellationToken ct) => deployments.FindAsync(deploymentKey, ct);

    public Task<RunnableBot?> LoadAsync(Guid botId, BotVersionChoice version, CancellationToken ct)
        => LoadAsync(botId, "v.status = @status", ("status", version == BotVersionChoice.Draft ? "draft" : "published"), ct);

    public Task<RunnableBot?> LoadVersionAsync(Guid botId, Guid versionId, CancellationToken ct)
        => LoadAsync(botId, "v.id = @version", ("version", versionId), ct);

    private async Task<RunnableBot?> LoadAsync(Guid botId, string versionFilter, (string, object?) versionParameter, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var bot = await Sql.FirstAsync(connection, null,
            $"SELECT {Columns} FROM bots.bots b JOIN bots.versions v ON v.bot_id = b.id WHERE b.id = @bot AND {versionFilter}",
            r => Read(botId, r), ct, ("bot", botId), versionParameter);
        if (bot is null)
        {
            return null;
        }
        var flows = await LoadReusableFlowsAsync(connection, bot.ContentJson, ct);
        var prompts = await LoadPromptsAsync(connection, [bot.ContentJson, .. flows.Values], ct);
        return bot with { ReusableFlows = flows, Prompts = prompts, Fingerprint = Fingerprint(bot, flows, prompts) };
    }

    private static RunnableBot Read(Guid botId, DbDataReader r)
    {
        var settings = new BotSettings(r.GetFieldValue<string[]>(2), r.GetString(3), r.GetString(4), r.GetFieldValue<Guid[]>(5), r.GetString(6),
            r.GetInt32(7));
        return new RunnableBot(botId, r.GetString(0), r.GetGuid(8), r.GetInt32(9), r.GetString(10), r.GetString(11),
            new Dictionary<Guid, string>(), new Dictionary<string, string>(), settings)
        {
            BotStatus = r.GetString(1),
            Revision = r.GetInt32(12),
        };
    }

    private static async Task<Dictionary<Guid, string>> LoadReusableFlowsAsync(Npgsql.NpgsqlConnection connection, string content, CancellationToken ct)
    {
        var flows = new Dictionary<Guid, string>();
        var wanted = References(content).FlowIds;
        // Reusable flows may target other reusable flows: follow them (a few levels at most in practice).
        for (var depth = 0; depth < 10 && wanted.Count > 0; depth++)
        {
            var rows = await Sql.ListAsync(connection, null, "SELECT id, graph::text FROM bots.flows WHERE id = ANY(@ids)",
                r => (Id: r.GetGuid(0), Graph: r.GetString(1)), ct, ("ids", wanted.ToArray()));
            wanted = [];
            foreach (var (id, graph) in rows)
            {
                flows[id] = graph;
                wanted.UnionWith(References(graph).FlowIds.Where(f => !flows.ContainsKey(f)));
            }
        }
        return flows;
    }

    private static async Task<Dictionary<string, string>> LoadPromptsAsync(Npgsql.NpgsqlConnection connection, IEnumerable<string> graphs, CancellationToken ct)
    {
        var keys = graphs.SelectMany(g => References(g).PromptKeys).Distinct(StringComparer.Ordinal).ToArray();
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return prompts;
        }
        var rows = await Sql.ListAsync(connection, null,
            "SELECT p.key, v.version, v.text FROM bots.prompts p JOIN bots.prompt_versions v ON v.prompt_id = p.id WHERE p.key = ANY(@keys) " +
            "ORDER BY p.key, v.version", r => (Key: r.GetString(0), Version: r.GetInt32(1), Text: r.GetString(2)), ct, ("keys", keys));
        foreach (var (key, version, text) in rows)
        {
            prompts[$"{key}@{version}"] = text;
            prompts[$"{key}@latest"] = text; // ordered by version: the last one wins
        }
        return prompts;
    }

    /// <summary>The reusable flow ids and prompt keys a version's content or a flow graph names, wherever its nodes are.</summary>
    private static (HashSet<Guid> FlowIds, HashSet<string> PromptKeys) References(string json)
    {
        var flowIds = new HashSet<Guid>();
        var promptKeys = new HashSet<string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        Walk(document.RootElement);
        return (flowIds, promptKeys);

        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
                return;
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && element.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object)
            {
                if (type.GetString() == NodeCatalogue.GoToFlow && settings.TryGetProperty("flowId", out var id) && id.ValueKind == JsonValueKind.String
                    && Guid.TryParse(id.GetString(), out var flowId))
                {
                    flowIds.Add(flowId);
                }
                if (type.GetString() == NodeCatalogue.LlmResponse && settings.TryGetProperty("prompt", out var prompt)
                    && prompt.ValueKind == JsonValueKind.Object && prompt.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                {
                    promptKeys.Add(key.GetString()!);
                }
                return;
            }
            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value);
            }
        }
    }

    private static string Fingerprint(RunnableBot bot, Dictionary<Guid, string> flows, Dictionary<string, string> prompts)
    {
        if (flows.Count == 0 && prompts.Count == 0)
        {
            return $"{bot.VersionId:N}:{bot.Revision}";
        }
        var text = new StringBuilder();
        foreach (var (id, graph) in flows.OrderBy(f => f.Key))
        {
            text.Append(id).Append('\n').Append(graph).Append('\n');
        }
        foreach (var (key, prompt) in prompts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('\n').Append(prompt).Append('\n');
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 12);
        return $"{bot.VersionId:N}:{bot.Revision}:{hash}";
    }
}
