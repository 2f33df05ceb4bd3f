using System.Diagnostics;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Keys;
using OmniBots.Gateway.Limits;
using OmniBots.Gateway.Metering;

namespace OmniBots.Gateway.Pipeline;

/// <summary>An admitted call: who it is for, what admission took, and what metering needs at the end.</summary>
internal sealed record AdmittedCall(
    Guid TenantId,
    GatewayCall Call,
    string Model,
    string Operation,
    TenantGatewaySettings Settings,
    Admission Limits,
    BudgetScope TenantBudget,
    BudgetScope? KeyBudget,
    long StartedAt)
{
    public int ElapsedMs => (int)Stopwatch.GetElapsedTime(StartedAt).TotalMilliseconds;
}

/// <summary>
/// The checks before a call, all against memory once the tenant and key were seen: the virtual key is usable
/// and may use the model, the hard budgets are not spent, the per-minute limits have room.
/// </summary>
internal sealed class AdmissionControl(TenantSettingsCache settings, VirtualKeyCache keys, RateLimits limits, BudgetTracker budgets, TimeProvider time)
{
    public async ValueTask<AdmittedCall> AdmitAsync(Guid tenantId, GatewayCall call, string model, string operation, int estimatedTokens, CancellationToken ct)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var tenantSettings = await settings.GetAsync(tenantId, ct);
        var tenantBudget = new BudgetScope(tenantId, Guid.Empty, "the tenant", tenantSettings.MonthlySoftBudgetUsd, tenantSettings.MonthlyHardBudgetUsd);
        var tenantScope = new LimitScope("the tenant", tenantId, tenantSettings.RpmLimit, tenantSettings.TpmLimit);
        BudgetScope? keyBudget = null;
        IReadOnlyList<LimitScope> scopes = [tenantScope];
        if (call.VirtualKeyId is { } keyId)
        {
            var key = await keys.FindByIdAsync(keyId, ct);
            if (key is null || key.TenantId != tenantId || !key.IsUsableAt(time.GetUtcNow()))
            {
                throw Refusals.Refuse(LlmErrorKind.Unauthorized, "The virtual key is unknown, revoked or expired.", 401);
            }
            if (!key.Allows(model))
            {
                throw Refusals.Refuse(LlmErrorKind.ModelNotAvailable, $"The virtual key '{key.Name}' may not use the model '{model}'.", 403);
            }
            keyBudget = new BudgetScope(tenantId, key.Id, $"virtual key '{key.Name}'", key.MonthlySoftBudgetUsd, key.MonthlyHardBudgetUsd);
            scopes = [tenantScope, new LimitScope($"virtual key '{key.Name}'", key.Id, key.RpmLimit, key.TpmLimit)];
        }
        await budgets.CheckAsync(tenantBudget, ct);
        if (keyBudget is { } budget)
        {
            await budgets.CheckAsync(budget, ct);
        }
        var admission = limits.Admit(scopes, estimatedTokens);
        return new AdmittedCall(tenantId, call, model, operation, tenantSettings, admission, tenantBudget, keyBudget, startedAt);
    }
}
