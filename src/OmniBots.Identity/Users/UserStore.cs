using System.Text;
using Npgsql;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Users;

internal sealed record UserQuery(string? Status, string? Type, string? Search, int Offset, int Limit);

internal sealed record UserChanges(string? DisplayName, string? Locale, string? TimeZone, string? UserType);

/// <summary>The request tenant's users, always on a connection confined to it: another tenant's user is not found.</summary>
internal sealed class UserStore(TenantDatabase database, TimeProvider time)
{
    public async Task<UserPage> ListAsync(UserQuery query, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand { Connection = connection };
        var where = new StringBuilder(" WHERE true");
        if (query.Status is not null)
        {
            where.Append(" AND u.status = @status");
            command.Parameters.AddWithValue("status", query.Status);
        }
        if (query.Type is not null)
        {
            where.Append(" AND u.user_type = @type");
            command.Parameters.AddWithValue("type", query.Type);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // A substring of the email or the name; LIKE wildcards in the search are taken literally.
            where.Append(@" AND (u.email ILIKE @search ESCAPE '\' OR u.display_name ILIKE @search ESCAPE '\')");
            var escaped = query.Search.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
            command.Parameters.AddWithValue("search", $"%{escaped}%");
        }
        command.Parameters.AddWithValue("offset", query.Offset);
        command.Parameters.AddWithValue("limit", query.Limit);
        command.CommandText = $"SELECT count(*) FROM identity.users u{where}; {UserView.Select}{where} ORDER BY lower(u.email), u.id OFFSET @offset LIMIT @limit";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var total = (int)reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        var items = new List<UserView>();
        while (await reader.ReadAsync(ct))
        {
            items.Add(UserView.Read(reader));
        }
        return new UserPage(items, total, query.Offset, query.Limit);
    }

    public async Task<UserView?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await GetAsync(connection, id, ct);
    }

    public static async Task<UserView?> GetAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"{UserView.Select} WHERE u.id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? UserView.Read(reader) : null;
    }

    /// <summary>Applies the non-null fields; null when there is no such user.</summary>
    public async Task<UserView?> UpdateAsync(Guid id, UserChanges changes, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            UPDATE identity.users SET display_name = COALESCE(@name, display_name), locale = COALESCE(@locale, locale),
                time_zone = COALESCE(@zone, time_zone), user_type = COALESCE(@type, user_type), updated_at = @now
            WHERE id = @id
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", (object?)changes.DisplayName ?? DBNull.Value);
        command.Parameters.AddWithValue("locale", (object?)changes.Locale ?? DBNull.Value);
        command.Parameters.AddWithValue("zone", (object?)changes.TimeZone ?? DBNull.Value);
        command.Parameters.AddWithValue("type", (object?)changes.UserType ?? DBNull.Value);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(ct) == 0 ? null : await GetAsync(connection, id, ct);
    }
}
