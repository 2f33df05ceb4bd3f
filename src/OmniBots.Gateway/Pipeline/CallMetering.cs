using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Limits;
using OmniBots.Gateway.Routing;
using OmniBots.Gateway.Metering;

namespace OmniBots.Gateway.Pipeline;

/// <summary>After a call: the token count replaces the estimate in the limits, the cost raises the month's spend, and a usage record is queued.</summary>
internal sealed class CallMetering(RateLimits limits, BudgetTracker budgets, UsageQueue usage, TimeProvider time)
{
    public async ValueTask SucceededAsync(AdmittedCall call, Contracts.Usage tokens, ModelPrice? price, RouteReport? route, bool cached)
    {
        var cost = cached || price is null ? 0m : price.CostOf(tokens);
        // A cached answer used no provider tokens: it does not count against the token limits.
        limits.Settle(call.Limits, cached ? 0 : tokens.TotalTokens);
        await budgets.RecordAsync(call.TenantBudget, cost, CancellationToken.None);
        if (call.KeyBudget is { } keyBudget)
        {
            await budgets.RecordAsync(keyBudget, cost, CancellationToken.None);
        }
        Record(call, tokens, cost, route, UsageStatus.Ok, null, cached);
    }

    /// <summary>A failed or abandoned call keeps its estimate in the token limit (it may have cost tokens upstream).</summary>
    public void Failed(AdmittedCall call, RouteReport? route, string status, string? errorKind, Contracts.Usage? partial = null)
        => Record(call, partial ?? new Contracts.Usage(0, 0), 0m, route, status, errorKind, false);

    private void Record(AdmittedCall call, Contracts.Usage tokens, decimal cost, RouteReport? route, string status, string? errorKind, bool cached)
        => usage.Enqueue(new UsageRecord(
            call.TenantId, call.Call.VirtualKeyId, call.Call.Feature, route?.Model ?? call.Model, call.Operation,
            route?.Endpoint, route?.Provider, tokens.InputTokens, tokens.OutputTokens, cost, call.ElapsedMs,
            status, errorKind, cached, time.GetUtcNow()));
}
