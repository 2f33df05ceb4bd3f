using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OmniBots.Platform.Database.Migrations;

/// <summary>A module's schema and its embedded <c>Migrations/NNNN_name.sql</c> files.</summary>
public sealed partial class ModuleMigrations
{
    public ModuleMigrations(string schema, Assembly assembly)
    {
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException($"Schema '{schema}' must be lower-case letters, digits and underscores.", nameof(schema));
        }
        Schema = schema;
        Assembly = assembly;
    }

    public string Schema { get; }
    public Assembly Assembly { get; }

    /// <summary>The migration files in version order. File names are NNNN_description.sql; the number is the version.</summary>
    public IReadOnlyList<MigrationScript> Load()
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in Assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success)
            {
                continue;
            }
            using var stream = Assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            scripts.Add(new MigrationScript(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["name"].Value + ".sql", sql, checksum));
        }
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MigrationException(
                $"Schema {Schema} has two migrations numbered {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Name))}.");
        }
        return [.. scripts.OrderBy(s => s.Version)];
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SchemaName();

    [GeneratedRegex(@"\.Migrations\.(?<name>(?<version>\d{4})_[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}

public sealed record MigrationScript(int Version, string Name, string Sql, string Checksum);

public sealed class MigrationException(string message) : Exception(message);
