using System.Text.Json;
using OmniBots.Conversations.Engine;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Conversations.Jobs;

/// <summary>
/// The wake-up of a Delay node: a job of the conversation's tenant due at the Delay's resume time, enqueued in the
/// transaction of the turn that reached the Delay (keyed by conversation and resume time, so it exists once). Runs a
/// Timer turn; a job that finds the conversation moved on does nothing; one that runs early (clocks differ) fails
/// and is retried with backoff.
/// </summary>
internal sealed class TimerHandler(TurnProcessor processor) : IJobHandler
{
    public const string Kind = "conversations.timer";

    public static JobRequest Request(Guid conversationId, DateTimeOffset resumeAt) => new(Kind)
    {
        Payload = JsonSerializer.Serialize(new TimerPayload(conversationId, resumeAt), JsonSerializerOptions.Web),
        RunAt = resumeAt,
        IdempotencyKey = $"timer:{conversationId:N}:{resumeAt.UtcTicks}",
    };

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var payload = job.PayloadAs<TimerPayload>() ?? throw new InvalidOperationException("The timer job has no payload.");
        if (!await processor.ResumeDelayAsync(payload.ConversationId, ct))
        {
            throw new InvalidOperationException($"The Delay of conversation {payload.ConversationId} is not due yet (resume at {payload.ResumeAt:O}).");
        }
    }

    private sealed record TimerPayload(Guid ConversationId, DateTimeOffset ResumeAt);
}
