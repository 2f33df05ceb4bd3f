using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

/// <summary>Builds version content in the bots module's stored JSON format (docs/nodes.md).</summary>
public sealed class FlowBuilder
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly JsonArray _nodes = [];
    private readonly JsonArray _edges = [];
    private readonly JsonArray _linked = [];
    private readonly Dictionary<Guid, string> _reusable = [];
    private readonly Dictionary<string, string> _prompts = [];

    public FlowBuilder Node(string id, string type, object? settings = null, bool enabled = true, string? outputVariable = null)
    {
        var node = new JsonObject { ["id"] = id, ["type"] = type, ["name"] = id, ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } };
        if (settings is not null)
        {
            node["settings"] = JsonSerializer.SerializeToNode(settings, Web);
        }
        if (!enabled)
        {
            node["enabled"] = false;
        }
        if (outputVariable is not null)
        {
            node["outputVariable"] = outputVariable;
        }
        _nodes.Add(node);
        return this;
    }

    public FlowBuilder Edge(string source, string handle, string target)
    {
        _edges.Add(new JsonObject { ["id"] = $"{source}-{handle}-{target}", ["source"] = source, ["sourceHandle"] = handle, ["target"] = target });
        return this;
    }

    /// <summary>A chain: each node's <c>next</c> leads to the following one.</summary>
    public FlowBuilder Chain(params string[] ids)
    {
        for (var i = 0; i + 1 < ids.Length; i++)
        {
            Edge(ids[i], "next", ids[i + 1]);
        }
        return this;
    }

    public FlowBuilder Linked(string key, Action<FlowBuilder> build)
    {
        var inner = new FlowBuilder();
        build(inner);
        _linked.Add(new JsonObject { ["key"] = key, ["name"] = key, ["description"] = "", ["nodes"] = inner._nodes.DeepClone(), ["edges"] = inner._edges.DeepClone() });
        return this;
    }

    public FlowBuilder Reusable(Guid id, Action<FlowBuilder> build)
    {
        var inner = new FlowBuilder();
        build(inner);
        _reusable[id] = new JsonObject { ["nodes"] = inner._nodes.DeepClone(), ["edges"] = inner._edges.DeepClone() }.ToJsonString();
        return this;
    }

    public FlowBuilder Prompt(string key, string version, string text)
    {
        _prompts[$"{key}@{version}"] = text;
        return this;
    }

    public string ContentJson() => new JsonObject
    {
        ["primaryFlow"] = new JsonObject { ["nodes"] = _nodes.DeepClone(), ["edges"] = _edges.DeepClone() },
        ["linkedFlows"] = _linked.DeepClone(),
    }.ToJsonString();

    public FlowSet Build() => FlowSet.Parse(ContentJson(), _reusable, _prompts);
}
