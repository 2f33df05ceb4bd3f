using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Events;
using OmniBots.Platform.Jobs.Contracts;

namespace OmniBots.Platform.Jobs.Enqueue;

/// <summary>The insert both queues share: validates a request, inserts it on the given connection
/// (honouring idempotency keys) and wakes the workers of its queue. Whose tenant the job runs for
/// is decided by the callers, <see cref="TenantJobQueue"/> and <see cref="PlatformJobQueue"/>.</summary>
internal sealed class JobInserter(IEventBus events, JobKinds kinds, IOptions<JobsOptions> options)
{
    /// <summary>Workers listen here; the payload is the queue name.</summary>
    public const string WakeChannel = "omnibots_jobs";

    public async Task<EnqueuedJob> InsertAsync(NpgsqlConnection connection, JobRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Validate(request);
        // A duplicate key committed after this statement's snapshot is neither inserted nor seen:
        // run the statement again, with a new snapshot, to find it.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var command = new NpgsqlCommand(request.TenantId is null ? InsertPlatformSql : InsertTenantSql, connection);
            command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Uuid) { Value = (object?)request.TenantId ?? DBNull.Value });
            command.Parameters.AddWithValue("queue", request.Queue);
            command.Parameters.AddWithValue("kind", request.Kind);
            command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = request.Payload });
            command.Parameters.AddWithValue("priority", request.Priority);
            command.Parameters.Add(new NpgsqlParameter("run_at", NpgsqlDbType.TimestampTz) { Value = (object?)request.RunAt?.ToUniversalTime() ?? DBNull.Value });
            command.Parameters.AddWithValue("max_attempts", request.MaxAttempts ?? options.Value.MaxAttempts);
            command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)request.IdempotencyKey ?? DBNull.Value });
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    var job = new EnqueuedJob(reader.GetInt64(0), reader.GetBoolean(1));
                    await reader.DisposeAsync();
                    if (job.Created)
                    {
                        await events.PublishAsync(connection, WakeChannel, request.Queue, ct);
                    }
                    return job;
                }
            }
        }
        throw new InvalidOperationException($"Could not enqueue or find the job with idempotency key '{request.IdempotencyKey}'.");
    }

    private void Validate(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!kinds.Contains(request.Kind))
        {
            throw new ArgumentException($"No job handler is registered for kind '{request.Kind}': call services.AddJobHandler<T>(\"{request.Kind}\").", nameof(request));
        }
        if (!options.Value.EffectiveQueues().ContainsKey(request.Queue))
        {
            throw new ArgumentException($"Queue '{request.Queue}' is not configured: add Jobs:Queues:{request.Queue}:Concurrency.", nameof(request));
        }
        if (request.MaxAttempts is < 1)
        {
            throw new ArgumentException("MaxAttempts must be at least 1.", nameof(request));
        }
        if (request.IdempotencyKey is { Length: 0 or > 500 })
        {
            throw new ArgumentException("An idempotency key must be 1-500 characters.", nameof(request));
        }
    }

    // Times come from the database's clock, as every time the workers compare with: a replica
    // whose clock is off cannot enqueue a job that is due early or late.
    private const string Insert = """
        WITH inserted AS (
            INSERT INTO platform.jobs (tenant_id, queue, kind, payload, priority, run_at, max_attempts, idempotency_key, enqueued_at)
            VALUES (@tenant, @queue, @kind, @payload, @priority, coalesce(@run_at, now()), @max_attempts, @key, now())
            ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id)
        SELECT id, true FROM inserted
        UNION ALL
        SELECT id, false FROM platform.jobs
        WHERE @key IS NOT NULL AND idempotency_key = @key AND NOT EXISTS (SELECT 1 FROM inserted)
        """;

    // Two texts so the lookup of an existing key can use the unique index (IS NOT DISTINCT FROM cannot).
    private const string InsertPlatformSql = Insert + " AND tenant_id IS NULL";
    private const string InsertTenantSql = Insert + " AND tenant_id = @tenant";
}
