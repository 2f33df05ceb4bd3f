using System.Collections.Concurrent;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Tests.Jobs;

/// <summary>What the probe handler does, chosen by the job's payload.</summary>
public sealed record ProbePayload(string Mode = "ok");

public sealed record ProbeRun(long JobId, int Attempt, Guid? TenantId, Guid? ScopeTenant, DateTimeOffset StartedAt);

/// <summary>Shared by the test and the handler (a singleton): records every run; "block" runs
/// wait for <see cref="Gate"/>.</summary>
public sealed class JobProbe
{
    public const string Kind = "test.probe";

    private readonly ConcurrentQueue<ProbeRun> _runs = new();

    public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ProbeRun> RunsOf(long jobId) => [.. _runs.Where(r => r.JobId == jobId)];

    public void Record(ProbeRun run) => _runs.Enqueue(run);
}

internal sealed class ProbeHandler(JobProbe probe, ITenantContext tenant) : IJobHandler
{
    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        probe.Record(new ProbeRun(job.Id, job.Attempt, job.TenantId, tenant.TenantId, DateTimeOffset.UtcNow));
        switch (job.PayloadAs<ProbePayload>()?.Mode)
        {
            case "fail-first" when job.Attempt == 1:
                throw new InvalidOperationException("first attempt fails on purpose");
            case "fail":
                throw new InvalidOperationException($"attempt {job.Attempt} fails on purpose");
            case "block":
                await probe.Gate.Task.WaitAsync(ct);
                break;
            case "ignore-cancel":
                // A handler that does not observe its token: it ends only when the gate opens.
                await probe.Gate.Task;
                break;
            case "fail-nul":
                throw new InvalidOperationException("a message with a NUL \0 character, which PostgreSQL text refuses");
            case "fail-undescribable":
                throw new UndescribableException();
        }
    }
}

/// <summary>An exception whose description itself throws, as a buggy Message override can.</summary>
internal sealed class UndescribableException : Exception
{
    public override string Message => throw new InvalidOperationException("no message");

    public override string ToString() => throw new InvalidOperationException("no description");
}
