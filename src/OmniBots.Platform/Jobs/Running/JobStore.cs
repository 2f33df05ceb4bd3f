using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Database;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>The queue's SQL for workers, on the elevated pool (workers serve every tenant).
/// Each method is one statement, so one round trip and one commit, whatever the batch size.
/// Every time it compares or sets (due, started, lease, finished) is the database's now(), never
/// a replica's clock: replicas whose clocks disagree still agree on which leases expired.</summary>
internal sealed class JobStore(PlatformDatabase database)
{
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(
        string queue, int limit, string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var command = database.Elevated.CreateCommand("""
            WITH next AS (
                SELECT id FROM platform.jobs
                WHERE queue = @queue AND state IN ('queued', 'failed') AND run_at <= now()
                ORDER BY priority DESC, run_at, id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            UPDATE platform.jobs j
            SET state = 'running', attempts = j.attempts + 1, started_at = now(), lease_until = now() + @lease, locked_by = @worker
            FROM next WHERE j.id = next.id
            RETURNING j.id, j.tenant_id, j.kind, j.payload::text, j.attempts, j.max_attempts, j.enqueued_at, j.run_at, j.started_at
            """);
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("worker", worker);
        var jobs = new List<ClaimedJob>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var enqueuedAt = reader.GetFieldValue<DateTimeOffset>(6);
            var runAt = reader.GetFieldValue<DateTimeOffset>(7);
            jobs.Add(new ClaimedJob(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                queue,
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                enqueuedAt,
                runAt > enqueuedAt ? runAt : enqueuedAt,
                reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return jobs;
    }

    /// <summary>How long until the next waiting job of <paramref name="queue"/> falls due (negative
    /// when one is overdue); null when none waits.</summary>
    public async Task<TimeSpan?> UntilNextDueAsync(string queue, CancellationToken ct)
    {
        await using var command = database.Elevated.CreateCommand(
            "SELECT min(run_at) - now() FROM platform.jobs WHERE queue = @queue AND state IN ('queued', 'failed')");
        command.Parameters.AddWithValue("queue", queue);
        return await command.ExecuteScalarAsync(ct) is TimeSpan until ? until : null;
    }

    /// <summary>Writes finished runs in one transaction: successes, then failures (retry or dead).
    /// A job is finished, and a retry due, by the database's clock at the write.</summary>
    public async Task CompleteAsync(IReadOnlyList<JobOutcome> succeeded, IReadOnlyList<FailedRun> failed, CancellationToken ct)
    {
        await using var batch = database.Elevated.CreateBatch();
        if (succeeded.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                UPDATE platform.jobs j SET state = 'succeeded', finished_at = now(), lease_until = NULL
                FROM unnest(@ids, @attempts) AS d(id, attempt)
                WHERE j.id = d.id AND j.attempts = d.attempt AND j.state = 'running'
                """);
            AddIds(command.Parameters, [.. succeeded.Select(o => o.Job)]);
            batch.BatchCommands.Add(command);
        }
        if (failed.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                UPDATE platform.jobs j
                SET state = d.state, run_at = coalesce(now() + d.retry_in, j.run_at),
                    finished_at = CASE WHEN d.retry_in IS NULL THEN now() END,
                    last_error = d.error, lease_until = NULL
                FROM unnest(@ids, @attempts, @states, @retry_in, @errors) AS d(id, attempt, state, retry_in, error)
                WHERE j.id = d.id AND j.attempts = d.attempt AND j.state = 'running'
                """);
            AddIds(command.Parameters, [.. failed.Select(f => f.Job)]);
            command.Parameters.AddWithValue("states", failed.Select(f => f.State).ToArray());
            command.Parameters.Add(new NpgsqlParameter("retry_in", NpgsqlDbType.Array | NpgsqlDbType.Interval)
            {
                Value = failed.Select(f => f.RetryIn).ToArray(),
            });
            command.Parameters.AddWithValue("errors", failed.Select(f => f.Error).ToArray());
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Extends the leases of jobs this process still runs.</summary>
    public async Task HeartbeatAsync(IReadOnlyList<ClaimedJob> jobs, TimeSpan lease, CancellationToken ct)
    {
        await using var command = database.Elevated.CreateCommand("""
            UPDATE platform.jobs j SET lease_until = now() + @lease
            FROM unnest(@ids, @attempts) AS d(id, attempt)
            WHERE j.id = d.id AND j.attempts = d.attempt AND j.state = 'running'
            """);
        AddIds(command.Parameters, jobs);
        command.Parameters.AddWithValue("lease", lease);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Gives back jobs this process claimed but will not finish (shutdown): queued again
    /// now, and the attempt does not count, since the job did not fail.</summary>
    public async Task ReleaseAsync(IReadOnlyList<ClaimedJob> jobs, CancellationToken ct)
    {
        await using var command = database.Elevated.CreateCommand("""
            UPDATE platform.jobs j
            SET state = 'queued', attempts = j.attempts - 1, run_at = now(), started_at = NULL, lease_until = NULL
            FROM unnest(@ids, @attempts) AS d(id, attempt)
            WHERE j.id = d.id AND j.attempts = d.attempt AND j.state = 'running'
            """);
        AddIds(command.Parameters, jobs);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Returns jobs whose lease expired (their worker died or hung) to the queue, or to
    /// dead when that was their last attempt. The expired attempt counts. Returns the queues touched.</summary>
    public async Task<IReadOnlyList<ReapedJob>> ReapAsync(CancellationToken ct)
    {
        await using var command = database.Elevated.CreateCommand("""
            WITH expired AS (
                SELECT id FROM platform.jobs
                WHERE state = 'running' AND lease_until < now()
                LIMIT 1000
                FOR UPDATE SKIP LOCKED)
            UPDATE platform.jobs j
            SET state = CASE WHEN j.attempts >= j.max_attempts THEN 'dead' ELSE 'queued' END,
                run_at = now(), lease_until = NULL,
                finished_at = CASE WHEN j.attempts >= j.max_attempts THEN now() END,
                last_error = format('Lease expired during attempt %s: worker %s stopped renewing it (crashed, killed or hung).',
                                    j.attempts, j.locked_by)
            FROM expired WHERE j.id = expired.id
            RETURNING j.id, j.queue, j.kind, j.state
            """);
        var reaped = new List<ReapedJob>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            reaped.Add(new ReapedJob(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return reaped;
    }

    private static void AddIds(NpgsqlParameterCollection parameters, IReadOnlyList<ClaimedJob> jobs)
    {
        parameters.AddWithValue("ids", jobs.Select(j => j.Id).ToArray());
        parameters.AddWithValue("attempts", jobs.Select(j => j.Attempt).ToArray());
    }
}

/// <summary>A failed run to write: <see cref="State"/> is failed (retried <see cref="RetryIn"/> from the write) or dead.</summary>
internal sealed record FailedRun(ClaimedJob Job, string State, TimeSpan? RetryIn, string Error);

internal sealed record ReapedJob(long Id, string Queue, string Kind, string State);
