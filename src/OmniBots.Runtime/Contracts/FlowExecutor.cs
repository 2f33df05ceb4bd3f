using System.Diagnostics;
using System.Text.Json.Nodes;
using OmniBots.Runtime.Execution;
using OmniBots.Runtime.Flows;
using OmniBots.Runtime.Http;
using OmniBots.Runtime.Nodes;

namespace OmniBots.Runtime.Contracts;

/// <summary>
/// Runs one turn of a conversation through its flows (FLOW-7): from the state and one inbound event to the messages,
/// the new state and the trace of every step. Deterministic: no clock reads besides <see cref="RuntimeServices.Time"/>,
/// no randomness, one node at a time, so the same flows, state and event give the same messages and state (given
/// the same answers from the outside services). Nodes run until one waits (Collect Input, Quick Replies, Delay,
/// Handoff) or the flow ends; the step budget stops runaway loops.
/// </summary>
public sealed class FlowExecutor
{
    private readonly RuntimeServices _services;
    private readonly ExecutorOptions _options;
    private readonly HttpClient _apiHttp;

    public FlowExecutor(RuntimeServices services, ExecutorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _options = options ?? new ExecutorOptions();
        _options.Validate();
        _apiHttp = services.ApiHttp ?? ApiCallHttp.Shared(_options.AllowPrivateNetworks);
    }

    public async Task<TurnResult> RunTurnAsync(FlowSet flows, ConversationState state, InboundEvent inbound, TurnContext? turn = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(inbound);
        var copy = state.Clone();
        var messages = new List<OutboundMessage>();
        var run = new TurnRun(copy, new NodeContext(flows, copy, turn ?? TurnContext.Empty, _services, _options, messages, _apiHttp), messages);
        run.State.Turns++;
        if (inbound.UserInput is { } said)
        {
            run.State.Variables["last_user_message"] = said;
        }

        var start = await ResumeAsync(run, inbound, cancellationToken);
        if (start is null)
        {
            return run.Finish(TurnOutcome.Ignored);
        }
        var (flow, node, result) = start.Value;
        return await LoopAsync(run, flow, node, result, cancellationToken);
    }

    /// <summary>Where the turn starts: the primary flow's start (new, ended or restarted conversations) or the result
    /// of resuming the node the conversation waits at. Null: the event does not apply.</summary>
    private async Task<(CompiledFlow Flow, CompiledNode Node, NodeResult? Result)?> ResumeAsync(TurnRun run, InboundEvent inbound, CancellationToken ct)
    {
        var state = run.State;
        var flow = run.Context.Flows.Find(state.FlowId);
        var node = flow?.Node(state.NodeId);
        if (inbound.Kind == InboundKind.Start || state.Status != ConversationStatus.Waiting || flow is null || node is null || state.Waiting is null)
        {
            if (inbound.Kind is InboundKind.Timer or InboundKind.HandoffReturned or InboundKind.HandoffUnavailable)
            {
                return null;
            }
            var primary = run.Context.Flows.Find(FlowSet.PrimaryFlowId)!;
            state.CallStack.Clear();
            state.Loops.Clear();
            state.Retries.Clear();
            state.Waiting = null;
            state.EndReason = null;
            state.HeldUserMessage = null;
            state.Status = ConversationStatus.Running;
            var entry = primary.Node(primary.StartNodeId);
            if (entry is null)
            {
                run.Trace(primary.Id, "", "", "error", 0, "The primary flow has no start node.");
                run.Fallback(_options);
                run.End("error");
                return null;
            }
            return (primary, entry, null);
        }

        var wait = state.Waiting;
        var handler = NodeHandlers.Find(node.Type);
        var began = Stopwatch.GetTimestamp();
        run.Context.BeginStep(flow, node);
        NodeResult? result = null;
        switch (wait.Kind)
        {
            case WaitKinds.Input or WaitKinds.Choice or WaitKinds.Handoff when handler is IWaitingNodeHandler waiting:
                if (wait.Kind != WaitKinds.Handoff && inbound.UserInput is null)
                {
                    return null;
                }
                result = await waiting.ResumeAsync(run.Context, inbound, ct);
                break;
            case WaitKinds.Delay when inbound.Kind == InboundKind.Timer:
                if (wait.ResumeAt is { } at && at > run.Context.Now)
                {
                    return null;
                }
                result = NodeResult.Follow("next");
                break;
            case WaitKinds.Delay when inbound.UserInput is { } held:
                state.HeldUserMessage = held; // answered by the next waiting node (docs/nodes.md, Delay)
                return null;
            default:
                return null;
        }
        if (result.Value.Kind == ResultKind.Wait && result.Value.Wait == wait && run.Context.Messages.Count == 0)
        {
            return null; // e.g. a user message while handed off: the bot does not answer
        }
        run.Step(began, result.Value, "resumed");
        state.Status = ConversationStatus.Running;
        state.Waiting = null;
        return (flow, node, result);
    }

    private async Task<TurnResult> LoopAsync(TurnRun run, CompiledFlow flow, CompiledNode node, NodeResult? resumed, CancellationToken ct)
    {
        var state = run.State;
        var context = run.Context;
        var pending = resumed;
        while (true)
        {
            if (pending is null)
            {
                if (run.Steps >= _options.StepBudget)
                {
                    run.Trace(flow.Id, node.Id, node.Type, "stopped", 0,
                        $"The step budget ({_options.StepBudget} nodes per turn) is spent: the flow loops without waiting for the user.");
                    run.Fallback(_options);
                    return run.End("step_budget", budgetExceeded: true);
                }
                pending = await RunNodeAsync(run, flow, node, ct);
            }
            var result = pending.Value;
            pending = null;
            switch (result.Kind)
            {
                case ResultKind.Wait:
                    state.Status = ConversationStatus.Waiting;
                    state.Waiting = result.Wait;
                    state.FlowId = flow.Id;
                    state.NodeId = node.Id;
                    if (state.HeldUserMessage is { } held && node.Type is "collect_input" or "quick_replies"
                        && NodeHandlers.Find(node.Type) is IWaitingNodeHandler waiting)
                    {
                        state.HeldUserMessage = null;
                        state.Variables["last_user_message"] = held;
                        var began = Stopwatch.GetTimestamp();
                        context.BeginStep(flow, node);
                        pending = await waiting.ResumeAsync(context, InboundEvent.UserText(held), ct);
                        run.Step(began, pending.Value, "held message");
                        state.Status = ConversationStatus.Running;
                        state.Waiting = null;
                        continue;
                    }
                    return run.Finish(result.Wait!.Kind switch
                    {
                        WaitKinds.Delay => TurnOutcome.Delayed,
                        WaitKinds.Handoff => TurnOutcome.HandedOff,
                        _ => TurnOutcome.WaitingForInput,
                    });
                case ResultKind.Enter:
                    var target = context.Flows.Find(result.FlowId);
                    var entry = target?.Node(target.StartNodeId);
                    if (target is null || entry is null)
                    {
                        run.Trace(flow.Id, node.Id, node.Type, "error", 0, $"The flow '{result.FlowId}' does not exist or has no start node.");
                        run.Fallback(_options);
                        return run.End("error");
                    }
                    state.CallStack.Add(new CallFrame(flow.Id, node.Id));
                    (flow, node) = (target, entry);
                    continue;
                case ResultKind.End when result.ReturnToCaller && state.CallStack.Count > 0:
                    var frame = state.CallStack[^1];
                    state.CallStack.RemoveAt(state.CallStack.Count - 1);
                    flow = context.Flows.Find(frame.FlowId)!;
                    node = flow.Node(frame.NodeId)!;
                    result = NodeResult.Follow("returned");
                    break;
                case ResultKind.End:
                    return run.End(result.Reason ?? "completed");
            }
            var next = node.Target(result.Output!);
            if (next is null || flow.Node(next) is not { } nextNode)
            {
                return run.End("completed"); // an unconnected optional output completes the flow
            }
            node = nextNode;
        }
    }

    private async Task<NodeResult> RunNodeAsync(TurnRun run, CompiledFlow flow, CompiledNode node, CancellationToken ct)
    {
        var began = Stopwatch.GetTimestamp();
        var context = run.Context;
        context.BeginStep(flow, node);
        var handler = NodeHandlers.Find(node.Type);
        if (handler is null)
        {
            context.StepError = $"Unknown node type '{node.Type}'.";
            run.Step(began, NodeResult.EndFlow("error", false), null);
            run.Fallback(_options);
            return NodeResult.EndFlow("error", false);
        }
        if (!node.Enabled && handler.PassThrough is { } passThrough)
        {
            var skipped = NodeResult.Follow(passThrough);
            run.Step(began, skipped, "skipped (disabled)");
            return skipped;
        }
        NodeResult result;
        try
        {
            result = await handler.RunAsync(context, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A node failing in an unexpected way ends the flow with the fallback message; the trace keeps why.
            context.StepError = e.Message;
            result = NodeResult.EndFlow("error", false);
            run.Fallback(_options);
        }
        run.Step(began, result, null);
        return result;
    }

    /// <summary>The turn being built: its state copy, messages and trace.</summary>
    private sealed class TurnRun(ConversationState state, NodeContext context, List<OutboundMessage> messages)
    {
        private readonly List<StepTrace> _trace = [];

        public ConversationState State { get; } = state;
        public NodeContext Context { get; } = context;
        public List<OutboundMessage> Messages { get; } = messages;
        public int Steps { get; private set; }

        public void Step(long began, NodeResult result, string? note)
        {
            var outcome = result.Kind switch
            {
                ResultKind.Follow => result.Output,
                ResultKind.Wait => "waiting:" + result.Wait!.Kind,
                ResultKind.End => result.ReturnToCaller ? "return" : "end:" + result.Reason,
                _ => "enter:" + result.FlowId,
            };
            if (note is not null)
            {
                Context.Note(note);
            }
            Steps++;
            _trace.Add(new StepTrace(_trace.Count + 1, Context.Flow.Id, Context.Node.Id, Context.Node.Type, outcome,
                Stopwatch.GetElapsedTime(began).TotalMilliseconds, Context.StepError) { Notes = Context.Notes });
        }

        public void Trace(string flowId, string nodeId, string type, string outcome, double ms, string error) =>
            _trace.Add(new StepTrace(_trace.Count + 1, flowId, nodeId, type, outcome, ms, error));

        public void Fallback(ExecutorOptions options) => Messages.Add(OutboundMessage.PlainText(options.FallbackMessage, null));

        public TurnResult End(string reason, bool budgetExceeded = false)
        {
            State.Status = ConversationStatus.Ended;
            State.EndReason = reason;
            State.Waiting = null;
            State.CallStack.Clear();
            State.Loops.Clear();
            State.Retries.Clear();
            return Finish(TurnOutcome.Ended) with { BudgetExceeded = budgetExceeded };
        }

        public TurnResult Finish(TurnOutcome outcome) => new(State, Messages, _trace, outcome)
        {
            ResumeAt = State.Waiting?.ResumeAt,
            Handoff = Context.Handoff,
        };
    }
}
