using System.Diagnostics;
using OmniBots.Runtime.Contracts;

// Turns per second of the flow executor, in process, no LLM: Start → Send Message → Collect Input → Condition →
// Send Message → back to Collect Input. One turn = a user answer resuming Collect Input, through Condition and a
// Send Message, to Collect Input waiting again (4 nodes run, 2 messages out). "with state JSON" adds what the runtime
// will do around each turn: load the state from JSON and serialise the new one.
//   dotnet run -c Release --project bench/OmniBots.Bench.Runtime [seconds-per-run]
var seconds = args.Length > 0 && double.TryParse(args[0], System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 3;
var flows = FlowSet.Parse(BenchFlow.Json);
var executor = new FlowExecutor(new RuntimeServices());

Console.WriteLine($"Runtime executor benchmark: {Environment.ProcessorCount} cores, {seconds:0.#} s per run, .NET {Environment.Version}");
await Measure("warm-up", 1, withJson: false, Math.Min(1, seconds));
await Measure("warm-up, with state JSON", 1, withJson: true, Math.Min(1, seconds));
foreach (var withJson in new[] { false, true })
{
    await Measure(withJson ? "single thread, with state JSON" : "single thread", 1, withJson, seconds);
    await Measure(withJson ? "all cores, with state JSON" : "all cores", Environment.ProcessorCount, withJson, seconds);
}

async Task Measure(string label, int threads, bool withJson, double duration)
{
    var stop = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(duration);
    var counts = new long[threads];
    var latencies = new List<double>[threads];
    var workers = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
    {
        var state = (await executor.RunTurnAsync(flows, new ConversationState(), InboundEvent.Start())).State;
        var json = state.ToJson();
        var samples = latencies[t] = new List<double>(100_000);
        long n = 0;
        while (stop.Elapsed < until)
        {
            var began = Stopwatch.GetTimestamp();
            var input = InboundEvent.UserText((n & 1) == 0 ? "3" : "40");
            if (withJson)
            {
                var result = await executor.RunTurnAsync(flows, ConversationState.FromJson(json), input);
                json = result.State.ToJson();
            }
            else
            {
                state = (await executor.RunTurnAsync(flows, state, input)).State;
            }
            if ((n & 63) == 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(began).TotalMicroseconds);
            }
            n++;
        }
        counts[t] = n;
    })).ToArray();
    await Task.WhenAll(workers);
    var elapsed = stop.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    var p50 = all[all.Length / 2];
    var p99 = all[(int)(all.Length * 0.99)];
    Console.WriteLine($"{label,-34} {counts.Sum() / elapsed,12:N0} turns/s   p50 {p50,7:0.0} µs   p99 {p99,7:0.0} µs   ({threads} thread{(threads > 1 ? "s" : "")})");
}

internal static class BenchFlow
{
    public const string Json = """
    {
      "primaryFlow": {
        "nodes": [
          { "id": "start", "type": "start", "name": "Start" },
          { "id": "hello", "type": "send_message", "name": "Hello", "settings": { "messages": [ { "text": "Hi {{user.name}}!" } ] } },
          { "id": "ask", "type": "collect_input", "name": "Ask", "settings": { "prompt": "How many items?", "inputType": "number", "variable": "order.count" } },
          { "id": "check", "type": "condition", "name": "Check", "settings": { "rules": [ { "id": "many", "left": "{{order.count}}", "operator": "gt", "value": "10" } ] } },
          { "id": "bulk", "type": "send_message", "name": "Bulk", "settings": { "messages": [ { "text": "{{order.count}} is a bulk order." } ] } },
          { "id": "small", "type": "send_message", "name": "Small", "settings": { "messages": [ { "text": "{{order.count}} noted." } ] } }
        ],
        "edges": [
          { "id": "e1", "source": "start", "sourceHandle": "next", "target": "hello" },
          { "id": "e2", "source": "hello", "sourceHandle": "next", "target": "ask" },
          { "id": "e3", "source": "ask", "sourceHandle": "next", "target": "check" },
          { "id": "e4", "source": "check", "sourceHandle": "many", "target": "bulk" },
          { "id": "e5", "source": "check", "sourceHandle": "default", "target": "small" },
          { "id": "e6", "source": "bulk", "sourceHandle": "next", "target": "ask" },
          { "id": "e7", "source": "small", "sourceHandle": "next", "target": "ask" }
        ]
      },
      "linkedFlows": []
    }
    """;
}
