using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Pipeline;
using OmniBots.Platform.Audit;
using OmniBots.Platform.Database;
using OmniBots.Platform.Events;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Metering;

/// <summary>A budgeted scope: the tenant (<see cref="Id"/> = <see cref="Guid.Empty"/>) or one virtual key.</summary>
internal readonly record struct BudgetScope(Guid TenantId, Guid Id, string Name, decimal? Soft, decimal? Hard)
{
    public bool HasBudget => Soft is not null || Hard is not null;
}

/// <summary>
/// Monthly spend (UTC calendar month) per tenant and per virtual key, in memory: read once from usage
/// (aggregates + raw records), then raised by every call this replica makes and re-read every
/// <c>BudgetRefreshSeconds</c> in the background so other replicas' calls count too. The hard budget refuses
/// calls once reached; crossing the soft budget raises <see cref="Channel"/> and an audit entry once per month
/// (a row in <c>gateway.budget_alerts</c> decides which replica announces it).
/// </summary>
internal sealed partial class BudgetTracker(
    PlatformDatabase database, IServiceScopeFactory scopes, IEventBus bus, TimeProvider time,
    IOptions<GatewayPipelineOptions> options, ILogger<BudgetTracker> logger)
{
    public const string Channel = "gateway.budget";
    private readonly ConcurrentDictionary<(Guid, Guid, DateOnly), Task<MonthSpend>> _spend = new();

    public async ValueTask CheckAsync(BudgetScope scope, CancellationToken ct)
    {
        if (scope.Hard is not { } hard)
        {
            return;
        }
        var (month, spend) = await GetAsync(scope, ct);
        var spent = spend.Total;
        if (spent >= hard)
        {
            throw Refusals.Refuse(LlmErrorKind.BudgetExceeded, string.Create(CultureInfo.InvariantCulture,
                $"The monthly budget of {scope.Name} is spent: {spent:0.00####} USD of {hard:0.00} USD in {month:yyyy-MM}. Calls are refused until the month ends or the budget is raised."), 402);
        }
    }

    public async ValueTask RecordAsync(BudgetScope scope, decimal cost, CancellationToken ct)
    {
        if (!scope.HasBudget)
        {
            return;
        }
        var (month, spend) = await GetAsync(scope, ct);
        if (cost > 0)
        {
            spend.Add(cost);
        }
        if (scope.Soft is { } soft && spend.Total >= soft && spend.TryMarkSoftRaised())
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => RaiseSoftAsync(scope, month, spend.Total, soft), CancellationToken.None);
            }
        }
    }

    private async ValueTask<(DateOnly Month, MonthSpend Spend)> GetAsync(BudgetScope scope, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var month = new DateOnly(now.Year, now.Month, 1);
        var key = (scope.TenantId, scope.Id, month);
        var load = _spend.GetOrAdd(key, _ => LoadAsync(scope, month));
        MonthSpend spend;
        try
        {
            spend = await load.WaitAsync(ct);
        }
        catch (Exception) when (load.IsFaulted)
        {
            _spend.TryRemove(new KeyValuePair<(Guid, Guid, DateOnly), Task<MonthSpend>>(key, load));
            throw;
        }
        if (now - spend.LoadedAt > TimeSpan.FromSeconds(options.Value.BudgetRefreshSeconds) && spend.TryStartRefresh())
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => RefreshAsync(scope, month, spend), CancellationToken.None);
            }
        }
        return (month, spend);
    }

    private async Task<MonthSpend> LoadAsync(BudgetScope scope, DateOnly month)
        => new(await ReadAsync(scope, month), time.GetUtcNow());

    private async Task RefreshAsync(BudgetScope scope, DateOnly month, MonthSpend spend)
    {
        try
        {
            spend.Reset(await ReadAsync(scope, month), time.GetUtcNow());
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            spend.RefreshFailed();
            LogRefreshFailed(ex, scope.TenantId);
        }
    }

    private async Task<decimal> ReadAsync(BudgetScope scope, DateOnly month)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, scope.TenantId, CancellationToken.None);
        var since = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return await UsageQuery.SpendAsync(connection, since, scope.Id == Guid.Empty ? null : scope.Id, CancellationToken.None);
    }

    private async Task RaiseSoftAsync(BudgetScope scope, DateOnly month, decimal spent, decimal soft)
    {
        try
        {
            await using var connection = await TenantDatabase.OpenForTenantAsync(database, scope.TenantId, CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO gateway.budget_alerts (tenant_id, scope_id, month) VALUES (@tenant, @scope, @month) ON CONFLICT DO NOTHING",
                connection, transaction);
            insert.Parameters.AddWithValue("tenant", scope.TenantId);
            insert.Parameters.AddWithValue("scope", scope.Id);
            insert.Parameters.AddWithValue("month", month);
            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                return;
            }
            var details = new { scope = scope.Name, virtualKeyId = scope.Id == Guid.Empty ? (Guid?)null : scope.Id, month = month.ToString("yyyy-MM", CultureInfo.InvariantCulture), softBudgetUsd = soft, spentUsd = spent };
            await bus.PublishAsync(connection, Channel, JsonSerializer.Serialize(new { tenantId = scope.TenantId, details.scope, details.virtualKeyId, details.month, details.softBudgetUsd, details.spentUsd }), CancellationToken.None);
            await transaction.CommitAsync();
            await using var audit = scopes.CreateAsyncScope();
            audit.ServiceProvider.GetRequiredService<ITenantContext>().Set(scope.TenantId);
            await audit.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("gateway.budget.soft_exceeded")
            {
                TargetType = scope.Id == Guid.Empty ? "tenant" : "virtual_key",
                TargetId = (scope.Id == Guid.Empty ? scope.TenantId : scope.Id).ToString(),
                Actor = AuditActor.System("gateway"),
                Details = details,
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogAlertFailed(ex, scope.TenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-reading the monthly spend of tenant {TenantId} failed; the in-memory figure is kept")]
    private partial void LogRefreshFailed(Exception error, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Announcing a soft budget crossing of tenant {TenantId} failed")]
    private partial void LogAlertFailed(Exception error, Guid tenantId);
}
