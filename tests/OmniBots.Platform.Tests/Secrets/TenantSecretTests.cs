using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;
using Xunit;

namespace OmniBots.Platform.Tests.Secrets;

/// <summary>Tenant secrets are bound to their tenant; platform secrets to no tenant; neither reads as the other.</summary>
public sealed class TenantSecretTests(TwoReplicasFixture replicas) : IClassFixture<TwoReplicasFixture>, IDisposable
{
    private const string ProviderKeys = "gateway.provider-keys";

    private readonly Guid _tenantA = Guid.NewGuid();
    private readonly Guid _tenantB = Guid.NewGuid();
    private readonly SecretScopes _scopes = new();

    private static IPlatformSecretProtector PlatformOn(Testing.OmniBotsHostFactory replica) => replica.Services.GetRequiredService<IPlatformSecretProtector>();

    [Fact]
    public void ACiphertextCopiedFromTenantA_CannotBeReadInTenantBsScope()
    {
        var ofA = _scopes.For(replicas.First, _tenantA).Protect(ProviderKeys, "sk-live-tenant-a");

        foreach (var replica in new[] { replicas.First, replicas.Second })
        {
            var inB = _scopes.For(replica, _tenantB);
            var result = inB.TryUnprotect(ProviderKeys, ofA);
            Assert.False(result.Succeeded);
            Assert.Equal(SecretUnprotectFailure.CannotDecrypt, result.Failure);
            var error = Assert.Throws<SecretUnprotectException>(() => inB.Unprotect(ProviderKeys, ofA));
            Assert.DoesNotContain("sk-live", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal("sk-live-tenant-a", _scopes.For(replicas.Second, _tenantA).Unprotect(ProviderKeys, ofA));
    }

    [Fact]
    public void PlatformSecrets_NeedNoTenant_AndReadOnEveryReplica()
    {
        var protectedValue = PlatformOn(replicas.First).Protect("sso.providers", "client-secret");

        Assert.Equal("client-secret", PlatformOn(replicas.Second).Unprotect("sso.providers", protectedValue));
        using var scope = replicas.Second.Services.CreateScope();
        Assert.Null(scope.ServiceProvider.GetRequiredService<ITenantContext>().TenantId);
        Assert.Equal("client-secret", scope.ServiceProvider.GetRequiredService<IPlatformSecretProtector>().Unprotect("sso.providers", protectedValue));
    }

    [Fact]
    public void PlatformAndTenantSecrets_NeverReadAsEachOther_EvenForTheSamePurpose()
    {
        var platformValue = PlatformOn(replicas.First).Protect(ProviderKeys, "sk-platform");
        var tenantValue = _scopes.For(replicas.First, _tenantA).Protect(ProviderKeys, "sk-tenant");

        Assert.Equal(SecretUnprotectFailure.CannotDecrypt, _scopes.For(replicas.Second, _tenantA).TryUnprotect(ProviderKeys, platformValue).Failure);
        Assert.Equal(SecretUnprotectFailure.CannotDecrypt, PlatformOn(replicas.Second).TryUnprotect(ProviderKeys, tenantValue).Failure);
    }

    [Fact]
    public void AScopeWithoutATenant_IsRefusedForTenantSecrets()
    {
        var ofA = _scopes.For(replicas.First, _tenantA).Protect(ProviderKeys, "sk-live-tenant-a");
        var noTenant = _scopes.For(replicas.Second, tenant: null);

        Assert.Throws<TenantRequiredException>(() => noTenant.Protect(ProviderKeys, "x"));
        Assert.Throws<TenantRequiredException>(() => noTenant.Unprotect(ProviderKeys, ofA));
        Assert.Throws<TenantRequiredException>(() => noTenant.TryUnprotect(ProviderKeys, ofA));
    }

    [Fact]
    public void TheTenant_IsTakenWhenUsed_SoAProtectorResolvedBeforeTheTenantIsSetWorks()
    {
        using var scope = replicas.First.Services.CreateScope();
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();

        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(_tenantA);
        var protectedValue = protector.Protect(ProviderKeys, "late");

        Assert.Equal("late", _scopes.For(replicas.Second, _tenantA).Unprotect(ProviderKeys, protectedValue));
    }

    [Fact]
    public void TenantProtectors_AreScoped_AndThePlatformProtectorIsASingleton()
    {
        var services = new ServiceCollection().AddPlatformSecrets(new ConfigurationBuilder().Build());

        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(ISecretProtector)).Lifetime);
        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(ITenantContext)).Lifetime);
        Assert.Equal(ServiceLifetime.Singleton, services.Single(d => d.ServiceType == typeof(IPlatformSecretProtector)).Lifetime);
        // The root provider (what a singleton would capture) cannot hand out the tenant protector.
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISecretProtector>());
    }

    public void Dispose() => _scopes.Dispose();
}
