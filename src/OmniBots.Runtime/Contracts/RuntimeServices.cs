using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Contracts;

namespace OmniBots.Runtime.Contracts;

/// <summary>
/// The outside services nodes call, from the turn's scope (the gateway and knowledge search are tenant-scoped).
/// A node whose service is absent follows its error output (or traces the error when it has none).
/// </summary>
public sealed record RuntimeServices
{
    public ILlmGateway? Llm { get; init; }
    public IIntentClassifier? Intents { get; init; }
    public IKnowledgeSearch? Knowledge { get; init; }
    public IFlowToolExecutor? Tools { get; init; }
    /// <summary>The client API Call nodes use; null: a shared client guarded against private addresses per
    /// <see cref="ExecutorOptions.AllowPrivateNetworks"/>.</summary>
    public HttpClient? ApiHttp { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
