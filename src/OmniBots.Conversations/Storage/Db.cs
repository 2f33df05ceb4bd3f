using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OmniBots.Conversations.Storage;

/// <summary>Small helpers for the module's Npgsql queries: parameters (jsonb and typed nulls) and row reading.</summary>
internal static class Db
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                Jsonb json => new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json.Json },
                TypedNull typed => new NpgsqlParameter(name, typed.Type) { Value = DBNull.Value },
                _ => new NpgsqlParameter(name, value ?? DBNull.Value),
            });
        }
        return command;
    }

    public static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<DbDataReader, T> read,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public static async Task<T?> FirstAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<DbDataReader, T> read,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
        where T : class
        => (await ListAsync(connection, transaction, sql, read, ct, parameters)).FirstOrDefault();

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? NullableGuid(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static int? NullableInt(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static DateTimeOffset? NullableTime(this DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset Time(this DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}

/// <summary>A parameter value sent as <c>jsonb</c>.</summary>
internal sealed record Jsonb(string Json);

/// <summary>A null with a type, where PostgreSQL cannot infer one.</summary>
internal sealed record TypedNull(NpgsqlDbType Type);
