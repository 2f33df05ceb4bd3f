namespace OmniBots.Bots.Contracts;

/// <summary>
/// The current tenant's secrets and values for <c>{{env.X}}</c> in flows and tools (TOOL-1), decrypted for one
/// turn. Implemented by the bots module's tools feature; scoped (tenant from the scope).
/// </summary>
public interface IFlowEnvironment
{
    Task<IReadOnlyDictionary<string, string>> LoadAsync(CancellationToken ct);
}
