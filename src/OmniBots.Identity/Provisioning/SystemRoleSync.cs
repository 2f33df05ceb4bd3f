using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Provisioning;

/// <summary>
/// At start, brings every tenant's system roles up to the catalogue in code, so a release that
/// adds a permission grants it to (say) every tenant admin without a data migration. Only rows that
/// differ are written; replicas starting together write the same values.
/// </summary>
internal sealed class SystemRoleSync(IServiceScopeFactory scopes, ILogger<SystemRoleSync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TenantDatabase>();
        await using var connection = await database.OpenElevatedAsync("system roles sync", cancellationToken);
        var updated = 0;
        foreach (var role in SystemRoles.All)
        {
            await using var command = new NpgsqlCommand("""
                UPDATE identity.roles SET name = @name, description = @description, permissions = @permissions, updated_at = now()
                WHERE is_system AND code = @code
                  AND (name <> @name OR description <> @description OR permissions <> @permissions)
                """, connection);
            command.Parameters.AddWithValue("code", role.Code);
            command.Parameters.AddWithValue("name", role.Name);
            command.Parameters.AddWithValue("description", role.Description);
            command.Parameters.AddWithValue("permissions", role.Permissions.ToArray());
            updated += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (updated > 0)
        {
            // Cached access of running replicas is refreshed within Identity:AccessCacheSeconds.
            logger.LogInformation("Updated {Count} tenant system role(s) to the current permission catalogue", updated);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
