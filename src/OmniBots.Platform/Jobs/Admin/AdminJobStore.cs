using System.Text;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Jobs.Admin;

/// <summary>Platform-wide reads and changes of jobs, each through a logged elevated scope.</summary>
internal sealed class AdminJobStore(TenantDatabase database)
{
    public async Task<JobPage> ListAsync(JobListQuery query, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync("admin: list jobs", ct);
        var sql = new StringBuilder($"SELECT {JobView.Columns} FROM platform.jobs WHERE true");
        await using var command = new NpgsqlCommand { Connection = connection };
        void Filter(string column, string name, object? value, NpgsqlDbType type)
        {
            if (value is not null)
            {
                sql.Append($" AND {column} = @{name}");
                command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
            }
        }
        Filter("state", "state", query.State, NpgsqlDbType.Text);
        Filter("queue", "queue", query.Queue, NpgsqlDbType.Text);
        Filter("kind", "kind", query.Kind, NpgsqlDbType.Text);
        Filter("tenant_id", "tenant", query.TenantId, NpgsqlDbType.Uuid);
        if (query.Before is { } before)
        {
            sql.Append(" AND id < @before");
            command.Parameters.AddWithValue("before", before);
        }
        // One extra row tells whether another page follows.
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit + 1);
        command.CommandText = sql.ToString();
        var items = new List<JobView>(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(JobView.Read(reader));
        }
        return items.Count > limit ? new JobPage(items[..limit], items[limit - 1].Id) : new JobPage(items, null);
    }

    public async Task<JobView?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync($"admin: read job {id}", ct);
        return await QueryOneAsync(connection, $"SELECT {JobView.Columns} FROM platform.jobs WHERE id = @id", id, ct);
    }

    /// <summary>Dead, failed or cancelled → queued now, with a full set of attempts again; null when the job is not in such a state.</summary>
    public static async Task<JobView?> RetryAsync(NpgsqlConnection connection, long id, CancellationToken ct) => await QueryOneAsync(connection, $"""
        UPDATE platform.jobs SET state = 'queued', run_at = now(), attempts = 0, finished_at = NULL, lease_until = NULL
        WHERE id = @id AND state IN ('dead', 'failed', 'cancelled')
        RETURNING {JobView.Columns}
        """, id, ct);

    /// <summary>Queued or failed (waiting for a retry) → cancelled; null when the job is not waiting.</summary>
    public static async Task<JobView?> CancelAsync(NpgsqlConnection connection, long id, CancellationToken ct) => await QueryOneAsync(connection, $"""
        UPDATE platform.jobs SET state = 'cancelled', finished_at = now()
        WHERE id = @id AND state IN ('queued', 'failed')
        RETURNING {JobView.Columns}
        """, id, ct);

    public Task<NpgsqlConnection> OpenAsync(string reason, CancellationToken ct) => database.OpenElevatedAsync(reason, ct);

    private static async Task<JobView?> QueryOneAsync(NpgsqlConnection connection, string sql, long id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? JobView.Read(reader) : null;
    }
}
