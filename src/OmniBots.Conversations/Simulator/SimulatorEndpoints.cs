using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Bots.Contracts;
using OmniBots.Conversations.Contracts;
using OmniBots.Identity.Contracts;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Simulator;

/// <summary>
/// <c>/api/v1/bots/{botId}/simulator/sessions</c> (FLOW-8): runs the bot's current DRAFT as a conversation on the
/// channel <c>simulator</c>, returning with every step its trace, the live variables and the flow position. Each
/// turn loads the draft at its current revision, so edits apply from the next message. Reset closes the session
/// (reason <c>simulator_reset</c>) and starts a new one from the draft's start with only the given variables.
/// </summary>
internal static class SimulatorEndpoints
{
    public const string Channel = "simulator";
    private const int MaxVariables = 50;

    public static void MapSimulator(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/bots/{botId:guid}/simulator/sessions").WithTags("Simulator").RequirePermission(Permissions.Bots.Write);
        group.MapPost("", StartAsync).WithName("StartSimulatorSession").WithSummary("Starts a conversation on the bot's draft.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetSimulatorSession");
        group.MapPost("/{id:guid}/messages", SendAsync).WithName("SendSimulatorMessage");
        group.MapPost("/{id:guid}/reset", ResetAsync).WithName("ResetSimulatorSession")
            .WithSummary("Closes the session and starts a new one from the draft's start.");
    }

    private static async Task<Results<Created<SimulatorSession>, ValidationProblem, ProblemHttpResult>> StartAsync(
        Guid botId, SimulatorStartRequest? request, IConversationEngine engine, IBotDirectory bots, SimulatorStore store, CancellationToken ct)
    {
        var (session, invalid, problem) = await StartSessionAsync(botId, request, engine, bots, store, ct);
        return session is not null ? TypedResults.Created($"/api/v1/bots/{botId}/simulator/sessions/{session.ConversationId}", session)
            : invalid is not null ? invalid : problem!;
    }

    private static async Task<Results<Ok<SimulatorSession>, NotFound>> GetAsync(Guid botId, Guid id, IConversationEngine engine, SimulatorStore store,
        CancellationToken ct)
    {
        var session = await SessionAsync(botId, id, engine, store, null, long.MaxValue, ct);
        return session is null ? TypedResults.NotFound() : TypedResults.Ok(session);
    }

    private static async Task<Results<Ok<SimulatorSession>, NotFound, ValidationProblem, ProblemHttpResult>> SendAsync(
        Guid botId, Guid id, SimulatorMessageRequest request, IConversationEngine engine, SimulatorStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrEmpty(request.Payload))
        {
            errors["text"] = ["Send text, or a button payload."];
        }
        if (request.Text is { Length: > 4000 })
        {
            errors["text"] = ["At most 4000 characters."];
        }
        if (request.Payload is { Length: > 1000 })
        {
            errors["payload"] = ["At most 1000 characters."];
        }
        if (request.ClientMessageId is { Length: 0 or > 100 })
        {
            errors["clientMessageId"] = ["1 to 100 characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await store.FindAsync(botId, id, ct) is null)
        {
            return TypedResults.NotFound();
        }
        var message = new InboundMessage(request.ClientMessageId ?? Guid.NewGuid().ToString("N"),
            request.Payload is null ? InboundKinds.Text : InboundKinds.Button, request.Text) { Payload = request.Payload };
        PostResult posted;
        try
        {
            posted = await engine.PostAsync(id, message, ct);
        }
        catch (Exception e) when (e is FlowDefinitionException or JsonException)
        {
            return InvalidFlow(e.Message);
        }
        if (posted.Status == AcceptStatus.Closed)
        {
            return TypedResults.Problem("The session is closed: reset it or start a new one.", statusCode: StatusCodes.Status409Conflict,
                title: "Session closed");
        }
        if (posted.Status == AcceptStatus.NotFound || posted.Message is null)
        {
            return TypedResults.NotFound();
        }
        var session = await SessionAsync(botId, id, engine, store, posted.Replies, posted.Message.Sequence, ct);
        return session is null ? TypedResults.NotFound() : TypedResults.Ok(session with { Message = posted.Message });
    }

    private static async Task<Results<Created<SimulatorSession>, ValidationProblem, ProblemHttpResult>> ResetAsync(
        Guid botId, Guid id, SimulatorStartRequest? request, IConversationEngine engine, IBotDirectory bots, SimulatorStore store, CancellationToken ct)
    {
        if (await store.FindAsync(botId, id, ct) is null)
        {
            return TypedResults.Problem("No simulator session of this bot has this id.", statusCode: StatusCodes.Status404NotFound, title: "Session not found");
        }
        var (session, invalid, problem) = await StartSessionAsync(botId, request, engine, bots, store, ct);
        if (session is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        await engine.CloseAsync(id, "simulator_reset", ct);
        return TypedResults.Created($"/api/v1/bots/{botId}/simulator/sessions/{session.ConversationId}", session with { PreviousConversationId = id });
    }

    /// <summary>Starts a session on the draft: the session, or why not (a validation problem, or 404 / 422).</summary>
    private static async Task<(SimulatorSession? Session, ValidationProblem? Invalid, ProblemHttpResult? Problem)> StartSessionAsync(Guid botId,
        SimulatorStartRequest? request, IConversationEngine engine, IBotDirectory bots, SimulatorStore store, CancellationToken ct)
    {
        if (request?.Variables is { Count: > MaxVariables })
        {
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["variables"] = [$"At most {MaxVariables} variables."] }), null);
        }
        var draft = await bots.LoadAsync(botId, BotVersionChoice.Draft, ct);
        if (draft is null)
        {
            var exists = await bots.LoadAsync(botId, BotVersionChoice.Published, ct) is not null;
            return (null, null, exists
                ? TypedResults.Problem("The bot has no draft version: create one (POST /api/v1/bots/{id}/versions) to simulate it.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "No draft")
                : TypedResults.Problem("No bot of this tenant has this id.", statusCode: StatusCodes.Status404NotFound, title: "Bot not found"));
        }
        if (DraftCheck.Problem(draft.ContentJson) is { } reason)
        {
            return (null, null, InvalidFlow(reason));
        }
        StartResult started;
        try
        {
            started = await engine.StartAsync(new StartConversation(botId, Channel)
            {
                Version = BotVersionChoice.Draft,
                Variables = request?.Variables,
                Language = request?.Language,
                CustomerName = "Simulator",
            }, ct);
        }
        catch (Exception e) when (e is FlowDefinitionException or JsonException)
        {
            return (null, null, InvalidFlow(e.Message));
        }
        if (started.Status != StartStatus.Started || started.Conversation is null)
        {
            return (null, null, TypedResults.Problem("The draft was deleted meanwhile.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "No draft"));
        }
        return (await SessionAsync(botId, started.Conversation.Id, engine, store, started.Messages, null, ct), null, null);
    }

    /// <param name="messages">The messages to return; null: all of them.</param>
    /// <param name="turnsFrom">The turns to return: from the one answering this sequence; null: all; <see cref="long.MaxValue"/>: all.</param>
    private static async Task<SimulatorSession?> SessionAsync(Guid botId, Guid id, IConversationEngine engine, SimulatorStore store,
        IReadOnlyList<ConversationMessage>? messages, long? turnsFrom, CancellationToken ct)
    {
        var state = await store.FindAsync(botId, id, ct);
        if (state is null)
        {
            return null;
        }
        messages ??= await engine.ReadAsync(id, 0, 1000, ct) ?? [];
        var turns = await store.TurnsAsync(id, turnsFrom == long.MaxValue ? null : turnsFrom, ct);
        return new SimulatorSession(id, botId, state.VersionNumber, state.Status, messages, turns, state.Variables, state.Position);
    }

    private static ProblemHttpResult InvalidFlow(string reason)
        => TypedResults.Problem($"The draft's flows cannot run: {reason}", statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid flow");
}
