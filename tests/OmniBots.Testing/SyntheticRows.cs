using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace OmniBots.Testing;

/// <summary>
/// Builds an INSERT for any table from its catalogue entry: tenant_id as given, every other
/// required column a value of its type (the first allowed literal where a CHECK lists them).
/// Run as the superuser with session_replication_role = replica so foreign keys to rows that do
/// not exist are not enforced: the point is the row's tenant, not its relations.
/// </summary>
public static partial class SyntheticRows
{
    public static async Task<string> InsertSqlAsync(NpgsqlConnection connection, TenantOwnedTable table)
    {
        var columns = await RequiredColumnsAsync(connection, table);
        var names = new List<string> { "tenant_id" };
        var values = new List<string> { "@tenant" };
        foreach (var (name, type, check) in columns.Where(c => c.Name != "tenant_id"))
        {
            names.Add($"\"{name}\"");
            values.Add(await MatchingPatternAsync(connection, check) ?? ValueFor(type, check));
        }
        return $"INSERT INTO {table.QualifiedName} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})";
    }

    private static async Task<List<(string Name, string Type, string? Check)>> RequiredColumnsAsync(NpgsqlConnection connection, TenantOwnedTable table)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod),
                   (SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k
                     WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.conkey = ARRAY[a.attnum] LIMIT 1)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relname = @table AND a.attnum > 0 AND NOT a.attisdropped
              AND a.attnotnull AND a.atthasdef = false AND a.attidentity = '' AND a.attgenerated = ''
            ORDER BY a.attnum
            """, connection);
        command.Parameters.AddWithValue("schema", table.Schema);
        command.Parameters.AddWithValue("table", table.Name);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<(string, string, string?)>();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return columns;
    }

    // CHECK (col ~ 'pattern'): the first of a few ordinary values that PostgreSQL says matches.
    private static async Task<string?> MatchingPatternAsync(NpgsqlConnection connection, string? check)
    {
        if (check is null || RegexCheck().Match(check) is not { Success: true } pattern)
        {
            return null;
        }
        string[] candidates = ["a.b", "a", "ab", "a-b", "a_b", "x1", "a@b.co", "ab-cd", "en", "UTC"];
        foreach (var candidate in candidates)
        {
            await using var test = new NpgsqlCommand("SELECT @value ~ @pattern", connection);
            test.Parameters.AddWithValue("value", candidate);
            test.Parameters.AddWithValue("pattern", pattern.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal));
            if ((bool)(await test.ExecuteScalarAsync())!)
            {
                return $"'{candidate}'";
            }
        }
        throw new InvalidOperationException($"No sample value matches {check}: add one to SyntheticRows' candidates.");
    }

    private static string ValueFor(string type, string? check)
    {
        if (check is not null && !check.Contains(" ~ ", StringComparison.Ordinal) && FirstLiteral().Match(check) is { Success: true } literal)
        {
            return $"'{literal.Groups[1].Value}'";
        }
        var unique = Guid.NewGuid().ToString("N");
        return type switch
        {
            "uuid" => "gen_random_uuid()",
            "text" or "citext" => $"'x{unique}'",
            _ when type.StartsWith("character", StringComparison.Ordinal) => $"'{unique[..8]}'",
            "smallint" or "integer" or "bigint" or "numeric" or "real" or "double precision" => "1",
            _ when type.StartsWith("numeric", StringComparison.Ordinal) => "1",
            "boolean" => "false",
            "jsonb" or "json" => "'{}'",
            "bytea" => "'\\x00'",
            "date" => "current_date",
            _ when type.StartsWith("timestamp", StringComparison.Ordinal) => "now()",
            "interval" => "interval '1 minute'",
            _ when type.EndsWith("[]", StringComparison.Ordinal) => "'{}'",
            _ => string.Create(CultureInfo.InvariantCulture, $"NULL /* no sample for {type} */"),
        };
    }

    // Matches the first quoted literal of CHECK (x IN ('a', 'b')) as PostgreSQL prints it: ANY (ARRAY['a'::text, …]).
    [GeneratedRegex(@"'((?:[^']|'')*)'::")]
    private static partial Regex FirstLiteral();

    [GeneratedRegex(@" ~ '((?:[^']|'')*)'::text")]
    private static partial Regex RegexCheck();
}
