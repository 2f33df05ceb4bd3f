using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Pipeline;

namespace OmniBots.Gateway.Limits;

/// <summary>A limited scope: a tenant or a virtual key, with its per-minute limits.</summary>
internal readonly record struct LimitScope(string Name, Guid Id, int? Rpm, int? Tpm);

/// <summary>What admission took, so the pipeline can correct tokens after the call.</summary>
internal sealed record Admission(IReadOnlyList<LimitScope> Scopes, int EstimatedTokens);

/// <summary>
/// Requests- and tokens-per-minute per tenant and per virtual key (GW-5), in memory on this replica. With
/// several replicas each enforces limit / <c>Gateway:Pipeline:Replicas</c>: exact when the load balancer
/// spreads calls evenly, stricter than configured when it does not (see README).
/// </summary>
internal sealed class RateLimits(TimeProvider time, IOptions<GatewayPipelineOptions> options)
{
    private readonly ConcurrentDictionary<(Guid, bool Tokens), MinuteWindow> _windows = new();
    private readonly int _replicas = options.Value.Replicas;

    /// <summary>Admits a call of about <paramref name="estimatedTokens"/> or throws RateLimited with Retry-After.</summary>
    public Admission Admit(IReadOnlyList<LimitScope> scopes, int estimatedTokens)
    {
        var now = time.GetUtcNow();
        var taken = new List<(MinuteWindow Window, double Amount)>(4);
        foreach (var scope in scopes)
        {
            var refusal = Take(scope.Id, false, scope.Rpm, 1) ?? Take(scope.Id, true, scope.Tpm, estimatedTokens);
            if (refusal is { } retry)
            {
                // Undo what the other scopes took: a refused call counts nowhere.
                foreach (var (window, amount) in taken)
                {
                    window.Add(now, -amount);
                }
                throw Refusals.Refuse(LlmErrorKind.RateLimited,
                    $"Rate limit reached for {scope.Name}: {Describe(scope)} per minute. Retry after {(int)retry.TotalSeconds} s.", 429, retry);
            }
        }
        return new Admission(scopes, estimatedTokens);

        // Null when taken; otherwise how long to wait.
        TimeSpan? Take(Guid id, bool tokens, int? limit, double amount)
        {
            if (limit is not { } configured)
            {
                return null;
            }
            var window = _windows.GetOrAdd((id, tokens), _ => new MinuteWindow());
            if (!window.TryTake(now, Math.Max(1.0, (double)configured / _replicas), amount, out var retryAfter))
            {
                return retryAfter;
            }
            taken.Add((window, amount));
            return null;
        }
    }

    /// <summary>Replaces the estimate by the tokens the call really used.</summary>
    public void Settle(Admission admission, int actualTokens)
    {
        var difference = actualTokens - admission.EstimatedTokens;
        if (difference == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var scope in admission.Scopes)
        {
            if (scope.Tpm is not null && _windows.TryGetValue((scope.Id, true), out var window))
            {
                window.Add(now, difference);
            }
        }
    }

    private static string Describe(LimitScope scope) => (scope.Rpm, scope.Tpm) switch
    {
        ({ } rpm, { } tpm) => $"{rpm} requests or {tpm} tokens",
        ({ } rpm, null) => $"{rpm} requests",
        (null, { } tpm) => $"{tpm} tokens",
        _ => "no limit",
    };
}
