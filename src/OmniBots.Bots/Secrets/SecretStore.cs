using System.Data.Common;
using System.Text.RegularExpressions;
using OmniBots.Bots.Common;
using OmniBots.Platform.Events;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Secrets;

/// <summary>What the API shows of a secret: never its value.</summary>
internal sealed record SecretView(string Name, string Description, DateTimeOffset UpdatedAt);

/// <summary>
/// The tenant's secrets (<c>{{env.X}}</c>): stored as ciphertext of the tenant-bound protector with the purpose
/// <c>bots.secret:&lt;name&gt;</c>, so a value copied to another name or tenant does not decrypt. Every change is
/// announced on <see cref="SecretCache.Channel"/> after commit so each replica drops its cached values.
/// </summary>
internal sealed partial class SecretStore(TenantDatabase db, ISecretProtector protector, IEventBus bus)
{
    public const int MaxValueLength = 8192;

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$")]
    public static partial Regex NamePattern();

    public static string Purpose(string name) => "bots.secret:" + name;

    public async Task<IReadOnlyList<SecretView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, "SELECT name, description, updated_at FROM bots.secrets ORDER BY name", Read, ct);
    }

    public async Task<SecretView?> FindAsync(string name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, "SELECT name, description, updated_at FROM bots.secrets WHERE name = @name", Read, ct, ("name", name));
    }

    /// <summary>Creates or replaces; a null value keeps the stored one (null when it does not exist yet). Created tells which.</summary>
    public async Task<(SecretView? Secret, bool Created)> UpsertAsync(Guid tenantId, Guid? userId, string name, string? value, string? description, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var existed = (await Sql.ListAsync(connection, transaction, "SELECT 1 FROM bots.secrets WHERE name = @name FOR UPDATE", r => r.GetInt32(0), ct,
            ("name", name))).Count > 0;
        if (!existed && value is null)
        {
            return (null, false);
        }
        var protectedValue = value is null ? null : protector.Protect(Purpose(name), value);
        // Two statements rather than an upsert: a description-only update has no value, and the insert needs one.
        var saved = existed
            ? await Sql.FirstAsync(connection, transaction, """
                UPDATE bots.secrets SET description = coalesce(@description, description), protected_value = coalesce(@value, protected_value),
                    updated_by = @user, updated_at = now()
                WHERE name = @name RETURNING name, description, updated_at
                """, Read, ct, ("name", name), ("description", new Typed(description, NpgsqlTypes.NpgsqlDbType.Text)),
                ("value", new Typed(protectedValue, NpgsqlTypes.NpgsqlDbType.Text)), ("user", new Typed(userId, NpgsqlTypes.NpgsqlDbType.Uuid)))
            : await Sql.FirstAsync(connection, transaction, """
                INSERT INTO bots.secrets (tenant_id, name, description, protected_value, updated_by)
                VALUES (@tenant, @name, @description, @value, @user) RETURNING name, description, updated_at
                """, Read, ct, ("tenant", tenantId), ("name", name), ("description", description ?? ""), ("value", protectedValue!),
                ("user", new Typed(userId, NpgsqlTypes.NpgsqlDbType.Uuid)));
        await bus.PublishAsync(connection, SecretCache.Channel, tenantId.ToString(), ct);
        await transaction.CommitAsync(ct);
        return (saved, !existed);
    }

    public async Task<bool> DeleteAsync(Guid tenantId, string name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var deleted = await Sql.ExecuteAsync(connection, transaction, "DELETE FROM bots.secrets WHERE name = @name", ct, ("name", name));
        await bus.PublishAsync(connection, SecretCache.Channel, tenantId.ToString(), ct);
        await transaction.CommitAsync(ct);
        return deleted > 0;
    }

    /// <summary>Every secret of the tenant decrypted; a value that no longer decrypts (a lost key) is left out and named.</summary>
    public async Task<(Dictionary<string, string> Values, List<string> Unreadable)> DecryptAllAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await Sql.ListAsync(connection, null, "SELECT name, protected_value FROM bots.secrets", r => (r.GetString(0), r.GetString(1)), ct);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        foreach (var (name, protectedValue) in rows)
        {
            var result = protector.TryUnprotect(Purpose(name), protectedValue);
            if (result.Succeeded)
            {
                values[name] = result.Plaintext;
            }
            else
            {
                unreadable.Add(name);
            }
        }
        return (values, unreadable);
    }

    private static SecretView Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.Time(2));
}
