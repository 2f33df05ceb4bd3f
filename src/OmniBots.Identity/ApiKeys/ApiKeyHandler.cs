using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Identity.Access;
using OmniBots.Identity.Authentication;
using OmniBots.Identity.Sessions;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.ApiKeys;

/// <summary><c>X-Api-Key: ob_…</c> or <c>Authorization: ApiKey ob_…</c>: a tenant's key, unrevoked and unexpired,
/// running with the key's permissions only.</summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyCache keys,
    AccessCache access,
    ActivityThrottle throttle,
    PlatformDatabase database,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string Header = "X-Api-Key";
    private const string Prefix = "ApiKey ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        var authorization = Request.Headers.Authorization.ToString();
        if (presented.Length == 0 && authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization[Prefix.Length..];
        }
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!ApiKeyFormat.TryParse(presented, out var prefix, out var secret)
            || await keys.FindAsync(prefix, Context.RequestAborted) is not { } key
            || !OpaqueSecrets.SameHash(OpaqueSecrets.Hash(secret), key.SecretHash))
        {
            return Failed("The API key is not valid.");
        }
        if (key.RevokedAt is not null)
        {
            return Failed("The API key was revoked.");
        }
        if (key.ExpiresAt is { } expires && time.GetUtcNow() >= expires)
        {
            return Failed("The API key has expired.");
        }
        if (await access.GetTenantAsync(key.TenantId, Context.RequestAborted) is not { IsActive: true })
        {
            return Failed("The tenant is not active.");
        }
        await RecordUseAsync(key);
        return AuthenticateResult.Success(new AuthenticationTicket(Principals.ForApiKey(key.Id, key.TenantId, key.Permissions, Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey";
        return Task.CompletedTask;
    }

    private async Task RecordUseAsync(ApiKeyEntry key)
    {
        if (!throttle.ShouldWrite(key.Id))
        {
            return;
        }
        try
        {
            await using var connection = await TenantDatabase.OpenForTenantAsync(database, key.TenantId, Context.RequestAborted);
            await using var command = new NpgsqlCommand(
                "UPDATE identity.api_keys SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @now)", connection);
            command.Parameters.AddWithValue("id", key.Id);
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            await command.ExecuteNonQueryAsync(Context.RequestAborted);
        }
        catch (NpgsqlException ex)
        {
            Logger.LogWarning(ex, "Could not record use of API key {KeyId}", key.Id);
        }
    }

    private AuthenticateResult Failed(string reason)
    {
        AuthFailure.Record(Context, reason);
        return AuthenticateResult.Fail(reason);
    }
}
