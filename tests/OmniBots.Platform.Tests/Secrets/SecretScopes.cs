using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;

namespace OmniBots.Platform.Tests.Secrets;

/// <summary>DI scopes on the replicas, as a request or a job has them; disposed with the test.</summary>
internal sealed class SecretScopes : IDisposable
{
    private readonly List<IServiceScope> _scopes = [];

    /// <summary>The tenant protector of a new scope on <paramref name="replica"/> that belongs to
    /// <paramref name="tenant"/>, or to no tenant when it is <c>null</c>.</summary>
    public ISecretProtector For(OmniBotsHostFactory replica, Guid? tenant)
    {
        var scope = replica.Services.CreateScope();
        _scopes.Add(scope);
        if (tenant is { } id)
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(id);
        }
        return scope.ServiceProvider.GetRequiredService<ISecretProtector>();
    }

    public void Dispose()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }
    }
}
