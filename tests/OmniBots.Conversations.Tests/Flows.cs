namespace OmniBots.Conversations.Tests;

/// <summary>Builders for flow JSON as the canvas sends it (as in the bots tests).</summary>
internal static class Flows
{
    public static object Node(string id, string type, object? settings = null)
        => new { id, type, name = id, settings = settings ?? new { }, position = new { x = 0, y = 0 } };

    public static object Edge(string source, string handle, string target) => new { id = $"{source}.{handle}->{target}", source, sourceHandle = handle, target };

    public static object Content(object[] nodes, object[] edges) => new { primaryFlow = new { nodes, edges }, linkedFlows = Array.Empty<object>() };

    public static object Say(string id, string text) => Node(id, "send_message", new { messages = new[] { new { text } } });

    /// <summary>Greets, asks for a name, thanks by name, ends.</summary>
    public static object AskName() => Content(
        [Node("start", "start"), Say("hello", "Hello! I am the support bot."),
            Node("ask", "collect_input", new { prompt = "What is your name?", inputType = "text", variable = "name" }),
            Say("thanks", "Thanks {{name}}!"), Node("end", "end")],
        [Edge("start", "next", "hello"), Edge("hello", "next", "ask"), Edge("ask", "next", "thanks"), Edge("thanks", "next", "end")]);

    /// <summary>Greets, then hands off to an agent.</summary>
    public static object HandOff() => Content(
        [Node("start", "start"), Say("hello", "Hi"), Node("agent", "handoff", new { queue = "billing", reason = "Customer asked", priority = "high" })],
        [Edge("start", "next", "hello"), Edge("hello", "next", "agent")]);

    /// <summary>Says "wait", waits <paramref name="seconds"/>, says "done".</summary>
    public static object Delayed(int seconds) => Content(
        [Node("start", "start"), Say("before", "Let me check..."), Node("wait", "delay", new { seconds }), Say("after", "Done checking."), Node("end", "end")],
        [Edge("start", "next", "before"), Edge("before", "next", "wait"), Edge("wait", "next", "after"), Edge("after", "next", "end")]);
}
