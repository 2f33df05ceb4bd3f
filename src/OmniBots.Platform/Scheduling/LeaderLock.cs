using Npgsql;

namespace OmniBots.Platform.Scheduling;

/// <summary>
/// Leadership as a session-level advisory lock held on a dedicated connection: if the leader's
/// process dies or its connection breaks, PostgreSQL releases the lock and another scheduler
/// takes it on its next try.
/// </summary>
internal sealed class LeaderLock(string connectionString) : IAsyncDisposable
{
    // Arbitrary but fixed: every scheduler of a database contends for the same lock.
    private const long LockKey = 0x4F4D4E49_43524F4E; // "OMNICRON"

    private NpgsqlConnection? _connection;

    public bool IsHeld => _connection is not null;

    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", LockKey);
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                _connection = connection;
                return true;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return false;
    }

    /// <summary>Throws when the lock connection is gone: leadership is lost.</summary>
    public async Task ConfirmAsync(CancellationToken ct)
    {
        var connection = _connection ?? throw new InvalidOperationException("The leader lock is not held.");
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>Closing the session releases the lock.</summary>
    public async Task ReleaseAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();
}
