using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

/// <summary>Runs turns of one conversation, carrying the state through a JSON round trip as the runtime will persist it.</summary>
public sealed class Harness(FlowSet flows, RuntimeServices? services = null, ExecutorOptions? options = null, TurnContext? turn = null)
{
    public FlowExecutor Executor { get; } = new(services ?? new RuntimeServices(), options);
    public ConversationState State { get; private set; } = new();
    public TurnResult Last { get; private set; } = null!;

    public async Task<TurnResult> SendAsync(InboundEvent inbound)
    {
        Last = await Executor.RunTurnAsync(flows, State, inbound, turn);
        State = ConversationState.FromJson(Last.State.ToJson());
        return Last;
    }

    public Task<TurnResult> StartAsync() => SendAsync(InboundEvent.Start());

    public Task<TurnResult> SayAsync(string text) => SendAsync(InboundEvent.UserText(text));

    public IReadOnlyList<string?> Texts => [.. Last.Messages.Select(m => m.Text)];

    public string? Var(string name) => State.Variables[name]?.ToJsonString();

    public string Path => string.Join(" > ", Last.Trace.Select(t => $"{t.NodeId}:{t.Outcome}"));
}
