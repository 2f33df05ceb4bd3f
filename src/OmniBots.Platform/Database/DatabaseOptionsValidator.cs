using Microsoft.Extensions.Options;
using Npgsql;

namespace OmniBots.Platform.Database;

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var errors = new List<string>();
        if (options.UsesPrivateCluster)
        {
            var cluster = options.PrivateCluster;
            if (cluster.Port is < 1024 or > 65535)
            {
                errors.Add($"Database:PrivateCluster:Port must be between 1024 and 65535 (was {cluster.Port}).");
            }
            if (string.IsNullOrWhiteSpace(cluster.DataDirectory))
            {
                errors.Add("Database:PrivateCluster:DataDirectory must name a folder.");
            }
            if (cluster.BinDirectory is { Length: > 0 } bin && !File.Exists(Path.Combine(bin, "pg_ctl")))
            {
                errors.Add($"Database:PrivateCluster:BinDirectory '{bin}' has no pg_ctl.");
            }
        }
        else
        {
            CheckConnectionString(errors, "Database:ConnectionString", options.ConnectionString);
            CheckConnectionString(errors, "Database:OwnerConnectionString", options.OwnerConnectionString,
                "migrations run as the role that owns the schemas");
            CheckConnectionString(errors, "Database:ElevatedConnectionString", options.ElevatedConnectionString,
                "platform-wide work (jobs, scheduler) connects as a role with BYPASSRLS");
        }
        if (options.MaxPoolSize is < 2 or > 1000)
        {
            errors.Add($"Database:MaxPoolSize must be between 2 and 1000 (was {options.MaxPoolSize}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckConnectionString(List<string> errors, string key, string? value, string? whyRequired = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} is required when Database:ConnectionString is set: {whyRequired}.");
            return;
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{key} is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }
}
