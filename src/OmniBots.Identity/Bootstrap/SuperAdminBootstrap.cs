using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Identity.Authentication;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Bootstrap;

/// <summary>
/// First start: when no super admin exists, creates one from <c>Identity:Bootstrap:SuperAdminEmail</c>
/// and <c>…:SuperAdminPassword</c>, or else logs a one-time setup link (a 256-bit token stored
/// hashed, valid <c>Identity:Bootstrap:SetupTokenHours</c>) for <c>POST /api/v1/setup/super-admin</c>.
/// The link is the one secret this module ever logs: it is how the operator gets in.
/// </summary>
internal sealed class SuperAdminBootstrap(
    IServiceScopeFactory scopes, SuperAdmins superAdmins, IOptions<IdentitySettings> settings, TimeProvider time, ILogger<SuperAdminBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TenantDatabase>();
        await using var connection = await database.OpenElevatedAsync("super admin bootstrap", cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SuperAdmins.LockAsync(connection, transaction, cancellationToken);
        if (await SuperAdmins.AnyAsync(connection, transaction, cancellationToken))
        {
            return;
        }
        var bootstrap = settings.Value.Bootstrap;
        if (!string.IsNullOrWhiteSpace(bootstrap.SuperAdminEmail))
        {
            var email = bootstrap.SuperAdminEmail.Trim();
            await superAdmins.CreateAsync(connection, transaction, email, bootstrap.SuperAdminPassword!, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogWarning("Created the first super admin {Email} from configuration; remove Identity:Bootstrap:SuperAdminPassword from it now", email);
            return;
        }
        var token = OpaqueSecrets.NewSecret();
        var now = time.GetUtcNow();
        await using (var command = new NpgsqlCommand(
            "INSERT INTO identity.setup_tokens (token_hash, created_at, expires_at) VALUES (@hash, @now, @expires)", connection, transaction))
        {
            command.Parameters.AddWithValue("hash", OpaqueSecrets.Hash(token));
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("expires", now.AddHours(bootstrap.SetupTokenHours));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning(
            "No super admin exists. Create one within {Hours} h with the one-time setup link: POST /api/v1/setup/super-admin " +
            "{{\"token\": \"{SetupToken}\", \"email\": \"…\", \"password\": \"…\"}} (or set Identity:Bootstrap:SuperAdminEmail and SuperAdminPassword)",
            bootstrap.SetupTokenHours, token);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
