using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Jobs.Running;

/// <summary>Runs one job in its own DI scope, set to the job's tenant so handler code stays isolated.</summary>
internal sealed class JobExecutor(IServiceScopeFactory scopes, ILogger<JobExecutor> logger)
{
    public async Task ExecuteAsync(ClaimedJob job, CancellationToken ct)
    {
        using var _ = logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = job.Id,
            ["JobKind"] = job.Kind,
            ["TenantId"] = job.TenantId,
        });
        await using var scope = scopes.CreateAsyncScope();
        if (job.TenantId is { } tenant)
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
        }
        var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(job.Kind)
            ?? throw new InvalidOperationException($"No job handler is registered for kind '{job.Kind}' in this process.");
        await handler.HandleAsync(job.ToContext(), ct);
    }
}
