using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Secrets;
using Xunit;

namespace OmniBots.Platform.Tests.Secrets;

/// <summary>What holds for every protected value, seen from one tenant's scopes on two replicas.</summary>
public sealed class SecretProtectorTests(TwoReplicasFixture replicas) : IClassFixture<TwoReplicasFixture>, IDisposable
{
    private const string ProviderKeys = "gateway.provider-keys";

    private readonly Guid _tenant = Guid.NewGuid();
    private readonly SecretScopes _scopes = new();

    private ISecretProtector First => _scopes.For(replicas.First, _tenant);
    private ISecretProtector Second => _scopes.For(replicas.Second, _tenant);
    private IPlatformSecretProtector Platform => replicas.First.Services.GetRequiredService<IPlatformSecretProtector>();

    [Fact]
    public void ASecretProtectedOnOneReplica_IsReadOnAnother()
    {
        var protectedValue = First.Protect(ProviderKeys, "sk-live-0123456789");

        Assert.Equal("sk-live-0123456789", Second.Unprotect(ProviderKeys, protectedValue));
        var result = Second.TryUnprotect(ProviderKeys, protectedValue);
        Assert.True(result.Succeeded);
        Assert.False(result.ShouldReprotect);
        Assert.Equal("sk-live-0123456789", result.Plaintext);
    }

    [Fact]
    public async Task AReplicaStartedLater_ReadsSecretsProtectedBefore()
    {
        var protectedValue = Second.Protect("handoff.credentials", "{\"user\":\"bot\",\"password\":\"pä55\"}");

        await using var later = await replicas.StartReplicaAsync();

        Assert.Equal("{\"user\":\"bot\",\"password\":\"pä55\"}",
            _scopes.For(later, _tenant).Unprotect("handoff.credentials", protectedValue));
    }

    [Fact]
    public void AValueProtectedForOnePurpose_CannotBeReadForAnother()
    {
        var protectedValue = First.Protect(ProviderKeys, "sk-live-0123456789");

        var result = Second.TryUnprotect("channels.tokens", protectedValue);

        Assert.False(result.Succeeded);
        Assert.Equal(SecretUnprotectFailure.CannotDecrypt, result.Failure);
        Assert.Null(result.Plaintext);
        var error = Assert.Throws<SecretUnprotectException>(() => Second.Unprotect("channels.tokens", protectedValue));
        Assert.Contains("channels.tokens", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedCiphertext_FailsCleanly()
    {
        var protectedValue = First.Protect(ProviderKeys, "sk-live-0123456789");
        var middle = protectedValue.Length / 2;
        var flipped = protectedValue[..middle] + (protectedValue[middle] == 'A' ? 'B' : 'A') + protectedValue[(middle + 1)..];

        Assert.Equal(SecretUnprotectFailure.CannotDecrypt, Second.TryUnprotect(ProviderKeys, flipped).Failure);
        // Cut short, the text may stop being canonical base64url (Malformed) or decode to a short payload (CannotDecrypt).
        Assert.NotEqual(SecretUnprotectFailure.None, Second.TryUnprotect(ProviderKeys, protectedValue[..^4]).Failure);
        Assert.Equal(SecretUnprotectFailure.CannotDecrypt, Second.TryUnprotect(ProviderKeys, "AAAA").Failure);
        Assert.Equal(SecretUnprotectFailure.Malformed, Second.TryUnprotect(ProviderKeys, "not a protected value!").Failure);
        Assert.Equal(SecretUnprotectFailure.Malformed, Second.TryUnprotect(ProviderKeys, "").Failure);
        Assert.Throws<SecretUnprotectException>(() => Second.Unprotect(ProviderKeys, flipped));
    }

    [Fact]
    public void ProtectingTheSameValueTwice_GivesDifferentCiphertexts()
    {
        var once = First.Protect(ProviderKeys, "same");
        var twice = First.Protect(ProviderKeys, "same");

        Assert.NotEqual(once, twice);
        Assert.DoesNotContain("same", once, StringComparison.Ordinal);
        Assert.Equal("same", Second.Unprotect(ProviderKeys, twice));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/purpose")]
    public void Purposes_MustBeNames(string purpose)
    {
        Assert.Throws<ArgumentException>(() => First.Protect(purpose, "x"));
        Assert.Throws<ArgumentException>(() => Platform.Protect(purpose, "x"));
    }

    [Fact]
    public async Task TheKeyRing_IsOneSharedKeyInThePlatformTable()
    {
        Platform.Protect(ProviderKeys, "make sure a key exists");

        await using var connection = await replicas.Database.OpenElevatedAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT friendly_name, xml, created_at FROM platform.data_protection_keys", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string Name, string Xml, DateTime CreatedAt)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDateTime(2)));
        }

        // The first replica created the key at start; the second found it instead of making its own.
        var key = Assert.Single(rows);
        Assert.StartsWith("key-", key.Name, StringComparison.Ordinal);
        Assert.StartsWith("<key ", key.Xml, StringComparison.Ordinal);
        Assert.InRange(key.CreatedAt, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task TheKeyRing_CannotBeReadByTheRuntimeRole()
    {
        _ = Platform.Protect(ProviderKeys, "ensure a key exists");
        await using var runtime = await replicas.Database.OpenAsTenantAsync(null);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM platform.data_protection_keys", runtime);
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    public void Dispose() => _scopes.Dispose();
}
