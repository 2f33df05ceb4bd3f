using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OmniBots.Conversations.Contracts;
using OmniBots.Identity.Contracts;

namespace OmniBots.Channels.Rest;

/// <summary>
/// <c>/api/v1/channels/rest/conversations</c>: conversations for a tenant's own servers, with an API key (or a
/// signed-in user) holding <c>conversations.write</c> (start, send, close) or <c>conversations.read</c> (history).
/// Synchronous: sending returns the bot's replies. Only conversations of the <c>rest</c> channel are reachable here.
/// </summary>
internal static class RestChannelEndpoints
{
    public const string Channel = "rest";
    private const int MaxPage = 500;

    public static void MapRestChannel(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/channels/rest/conversations").WithTags("REST channel");
        group.MapPost("", StartAsync).RequirePermission(Permissions.Conversations.Write)
            .WithName("RestStartConversation").WithSummary("Starts a conversation with a bot's published version; returns the greeting.");
        group.MapPost("/{id:guid}/messages", PostAsync).RequirePermission(Permissions.Conversations.Write)
            .WithName("RestPostMessage").WithSummary("Sends a customer message (idempotent by clientMessageId) and returns the bot's replies.");
        group.MapGet("/{id:guid}/messages", ReadAsync).RequirePermission(Permissions.Conversations.Read)
            .WithName("RestListMessages").WithSummary("Messages after a sequence number (afterSeq), oldest first.");
        group.MapPost("/{id:guid}/close", CloseAsync).RequirePermission(Permissions.Conversations.Write)
            .WithName("RestCloseConversation").WithSummary("Closes the conversation; sending to it afterwards is refused (409).");
    }

    private static async Task<Results<Created<StartedConversation>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartRequest request, [FromServices] IConversationEngine engine, CancellationToken ct)
    {
        var errors = RestValidation.Check(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await engine.StartAsync(new StartConversation(request.BotId!.Value, Channel)
        {
            CustomerExternalId = Blank(request.Customer?.ExternalId),
            CustomerName = Blank(request.Customer?.Name),
            Language = request.Language,
            Variables = request.Variables,
        }, ct);
        if (result.Status != StartStatus.Started || result.Conversation is null)
        {
            return FieldProblem(StatusCodes.Status404NotFound, "Bot not available", "botId",
                "No such bot in this tenant, or it is disabled or has no published version.");
        }
        return TypedResults.Created($"/api/v1/channels/rest/conversations/{result.Conversation.Id}/messages",
            new StartedConversation(result.Conversation, result.Messages));
    }

    private static async Task<Results<Created<PostedMessage>, Ok<PostedMessage>, ValidationProblem, ProblemHttpResult>> PostAsync(
        Guid id, PostMessageRequest request, [FromServices] IConversationEngine engine, IOptions<RestChannelOptions> options, CancellationToken ct)
    {
        var errors = RestValidation.Check(request, options.Value.MaxTextLength);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!await IsRestConversationAsync(engine, id, ct))
        {
            return NotFound(id);
        }
        var kind = string.IsNullOrEmpty(request.Payload) ? InboundKinds.Text : InboundKinds.Button;
        var inbound = new InboundMessage(request.ClientMessageId!, kind, string.IsNullOrWhiteSpace(request.Text) ? null : request.Text)
        {
            Payload = string.IsNullOrEmpty(request.Payload) ? null : request.Payload,
        };
        var result = await engine.PostAsync(id, inbound, ct);
        return result.Status switch
        {
            AcceptStatus.Accepted => TypedResults.Created($"/api/v1/channels/rest/conversations/{id}/messages?afterSeq={result.Message!.Sequence - 1}",
                new PostedMessage(result.Message, result.Replies, Duplicate: false)),
            AcceptStatus.Duplicate => TypedResults.Ok(new PostedMessage(result.Message!, await RepliesToAsync(engine, id, result.Message!, ct), Duplicate: true)),
            AcceptStatus.Closed => FieldProblem(StatusCodes.Status409Conflict, "Conversation closed", "id",
                "The conversation is closed: start a new one."),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<Ok<MessagePage>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        Guid id, long? afterSeq, int? limit, [FromServices] IConversationEngine engine, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (afterSeq is < 0)
        {
            errors["afterSeq"] = ["Zero or more."];
        }
        if (limit is < 1 or > MaxPage)
        {
            errors["limit"] = [$"Between 1 and {MaxPage}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!await IsRestConversationAsync(engine, id, ct) || await engine.ReadAsync(id, afterSeq ?? 0, limit ?? 100, ct) is not { } messages)
        {
            return NotFound(id);
        }
        return TypedResults.Ok(new MessagePage(messages, messages.Count > 0 ? messages[^1].Sequence : afterSeq ?? 0));
    }

    private static async Task<Results<Ok<ConversationSummary>, ProblemHttpResult>> CloseAsync(
        Guid id, [FromServices] IConversationEngine engine, CancellationToken ct)
    {
        if (!await IsRestConversationAsync(engine, id, ct) || !await engine.CloseAsync(id, "closed_by_api", ct)
            || await engine.FindAsync(id, ct) is not { } closed)
        {
            return NotFound(id);
        }
        return TypedResults.Ok(closed);
    }

    /// <summary>For a resend: what the bot said after the original, up to the customer's next message.</summary>
    private static async Task<IReadOnlyList<ConversationMessage>> RepliesToAsync(
        IConversationEngine engine, Guid id, ConversationMessage original, CancellationToken ct)
    {
        var after = await engine.ReadAsync(id, original.Sequence, MaxPage, ct) ?? [];
        return after.TakeWhile(m => m.Author != MessageAuthors.Customer).ToList();
    }

    private static async Task<bool> IsRestConversationAsync(IConversationEngine engine, Guid id, CancellationToken ct)
        => await engine.FindAsync(id, ct) is { Channel: Channel };

    private static ProblemHttpResult NotFound(Guid id)
        => FieldProblem(StatusCodes.Status404NotFound, "Conversation not found", "id", $"No REST channel conversation {id} in this tenant.");

    private static ProblemHttpResult FieldProblem(int status, string title, string field, string detail)
        => TypedResults.Problem(detail, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
