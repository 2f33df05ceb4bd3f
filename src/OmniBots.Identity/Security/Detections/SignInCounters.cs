using System.Net;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Security.Detections;

/// <summary>
/// The detections' shared state, all in PostgreSQL so every replica counts the same attempts:
/// <c>identity.sign_in_attempts</c> (sliding windows are timestamp ranges) and
/// <c>identity.sign_in_blocks</c> (account locks and IP blocks). Both span tenants, so they are
/// elevated-only and reached through the logged elevated scope.
/// </summary>
internal sealed class SignInCounters(TenantDatabase database)
{
    private const string Reason = "sign-in security counters";

    /// <summary>The account an attempt targets, whether it exists or not (so a lock reveals nothing about existence).</summary>
    public static string AccountKey(SignInAttempt attempt) => (attempt.TenantSlug ?? "-") + "|" + attempt.Email.ToLowerInvariant();

    public async Task RecordAsync(SignInAttempt attempt, SignInOutcome outcome, GeoLocation? location, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync(Reason, ct);
        await using var command = new NpgsqlCommand("""
            INSERT INTO identity.sign_in_attempts (at, account_key, user_id, ip, outcome, latitude, longitude)
            VALUES (@at, @key, @user, @ip, @outcome, @lat, @lon)
            """, connection);
        command.Parameters.AddWithValue("at", attempt.At);
        command.Parameters.AddWithValue("key", AccountKey(attempt));
        command.Parameters.AddWithValue("user", attempt.UserId is { } u ? u : DBNull.Value);
        command.Parameters.AddWithValue("ip", NpgsqlDbType.Inet, attempt.Ip is { } ip ? ip : DBNull.Value);
        command.Parameters.AddWithValue("outcome", Outcome(outcome));
        command.Parameters.AddWithValue("lat", location is { } l ? l.Latitude : DBNull.Value);
        command.Parameters.AddWithValue("lon", location is { } m ? m.Longitude : DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The end of the active block of this kind and key, if any.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(string kind, string key, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync(Reason, ct);
        await using var command = new NpgsqlCommand(
            "SELECT max(until) FROM identity.sign_in_blocks WHERE kind = @kind AND key = @key AND until > @now AND created_at <= @now", connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteScalarAsync(ct) is DateTime until ? new DateTimeOffset(until, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// Counts the failures in the window (since the last block of this key ended its count) with
    /// <paramref name="countSql"/> over the attempts matching <paramref name="filter"/> and, at the threshold, inserts a block. Serialised per key with an
    /// advisory lock, so concurrent failures on several replicas start one block, hence one event.
    /// </summary>
    /// <returns>The new block's end, or null when no block started.</returns>
    public async Task<DateTimeOffset?> BlockAtThresholdAsync(string kind, string key, string countSql, string filter, Action<NpgsqlParameterCollection> parameters,
        int threshold, TimeSpan window, TimeSpan blockFor, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync(Reason, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var serialise = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@kind || ':' || @key))", connection, transaction))
        {
            serialise.Parameters.AddWithValue("kind", kind);
            serialise.Parameters.AddWithValue("key", key);
            await serialise.ExecuteNonQueryAsync(ct);
        }
        // Failures counted towards one block never count towards the next.
        await using var count = new NpgsqlCommand($"""
            SELECT {countSql} FROM identity.sign_in_attempts
            WHERE {filter} AND outcome = 'wrong_credentials' AND at <= @now
              AND at > greatest(@from, (SELECT coalesce(max(created_at), '-infinity') FROM identity.sign_in_blocks WHERE kind = @kind AND key = @key))
              AND (SELECT count(*) FROM identity.sign_in_blocks WHERE kind = @kind AND key = @key AND until > @now) = 0
            """, connection, transaction);
        count.Parameters.AddWithValue("kind", kind);
        count.Parameters.AddWithValue("key", key);
        count.Parameters.AddWithValue("now", now);
        count.Parameters.AddWithValue("from", now - window);
        parameters(count.Parameters);
        var failures = Convert.ToInt64(await count.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        if (failures < threshold)
        {
            return null;
        }
        var until = now + blockFor;
        await using var insert = new NpgsqlCommand(
            "INSERT INTO identity.sign_in_blocks (kind, key, created_at, until) VALUES (@kind, @key, @now, @until)", connection, transaction);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.AddWithValue("key", key);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("until", until);
        await insert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return until;
    }

    /// <summary>The user's latest earlier successful sign-in with a known location since <paramref name="since"/>.</summary>
    public async Task<(GeoLocation Location, IPAddress? Ip, DateTimeOffset At)?> PreviousLocatedSuccessAsync(
        Guid userId, DateTimeOffset since, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync(Reason, ct);
        await using var command = new NpgsqlCommand("""
            SELECT latitude, longitude, ip, at FROM identity.sign_in_attempts
            WHERE user_id = @user AND outcome = 'succeeded' AND latitude IS NOT NULL AND at >= @since AND at < @before
            ORDER BY at DESC, id DESC LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.AddWithValue("before", before);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return (new GeoLocation(reader.GetDouble(0), reader.GetDouble(1), null, null),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<IPAddress>(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    private static string Outcome(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.Succeeded => "succeeded",
        SignInOutcome.WrongCredentials => "wrong_credentials",
        SignInOutcome.AccountNotActive => "account_not_active",
        SignInOutcome.TenantNotActive => "tenant_not_active",
        _ => "refused",
    };
}
