namespace OmniBots.Bots.Tests;

/// <summary>Builders for flow JSON as the canvas sends it.</summary>
internal static class Flows
{
    /// <summary>A string array built at run time (CA1861 would flag constant arrays in arguments).</summary>
    public static string[] Strings(params string[] values) => values;

    public static object Node(string id, string type, object? settings = null, bool? enabled = null, string? outputVariable = null)
        => new { id, type, name = id, settings = settings ?? new { }, position = new { x = 0, y = 0 }, enabled, outputVariable };

    public static object Edge(string source, string handle, string target, string? id = null)
        => new { id = id ?? $"{source}.{handle}->{target}", source, sourceHandle = handle, target };

    public static object Graph(object[] nodes, object[] edges) => new { nodes, edges };

    public static object Content(object primary, params object[] linkedFlows) => new { primaryFlow = primary, linkedFlows };

    public static object Linked(string key, object[] nodes, object[] edges) => new { key, name = key, nodes, edges };

    /// <summary>start → send message → end: valid.</summary>
    public static object Simple(object? middle = null, params object[] moreEdges)
        => Content(Graph(
            [Node("start", "start"), middle ?? Node("hello", "send_message", new { messages = new[] { new { text = "Hi {{user.name}}" } } }), Node("end", "end")],
            [Edge("start", "next", "hello"), Edge("hello", "next", "end"), .. moreEdges]));
}
