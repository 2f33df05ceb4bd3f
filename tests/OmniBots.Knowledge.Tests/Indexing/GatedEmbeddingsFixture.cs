using Microsoft.Extensions.DependencyInjection;
using OmniBots.Gateway.Contracts;
using OmniBots.Testing;

namespace OmniBots.Knowledge.Tests.Indexing;

/// <summary>A host whose gateway holds every embedding call until the test opens the gate, so a re-index can be watched half-way.</summary>
public sealed class GatedEmbeddingsFixture : HostFixture
{
    public EmbeddingGate Gate { get; } = new();

    protected override HostSettings Settings => new()
    {
        Services = services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(ILlmGateway));
            services.Remove(original);
            services.AddScoped<ILlmGateway>(sp => new GatedGateway(Create(sp, original), Gate));
        },
    };

    private static ILlmGateway Create(IServiceProvider sp, ServiceDescriptor descriptor)
        => descriptor.ImplementationFactory is { } factory ? (ILlmGateway)factory(sp)
            : (ILlmGateway)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
}

public sealed class EmbeddingGate
{
    private volatile TaskCompletionSource _open = Opened();

    private int _waiting;

    /// <summary>Embedding calls that reached the gate so far.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Entered() => Interlocked.Increment(ref _waiting);

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public Task WaitAsync(CancellationToken ct) => _open.Task.WaitAsync(ct);

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}

internal sealed class GatedGateway(ILlmGateway inner, EmbeddingGate gate) : ILlmGateway
{
    public Task<ChatResponse> ChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken) => inner.ChatAsync(request, call, cancellationToken);

    public IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken)
        => inner.StreamChatAsync(request, call, cancellationToken);

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, GatewayCall call, CancellationToken cancellationToken)
    {
        gate.Entered();
        await gate.WaitAsync(cancellationToken);
        return await inner.EmbedAsync(request, call, cancellationToken);
    }

    public Task<IReadOnlyList<GatewayModel>> ListModelsAsync(ModelType? type, CancellationToken cancellationToken) => inner.ListModelsAsync(type, cancellationToken);
}
