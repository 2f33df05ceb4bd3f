using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Offline;

/// <summary>
/// The built-in provider (GW-8), used when no LLM endpoint is configured: extractive answers from
/// <see cref="ChatRequest.Context"/>, lexical intent classification and hashed bag-of-words
/// embeddings. It ignores tools and never calls them: it cannot decide what a function should do.
/// </summary>
internal sealed class OfflineProvider : ILlmProvider, IIntentClassifier
{
    public const string ModelName = "offline-extractive";

    public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var answer = ExtractiveAnswerer.Compose(request);
        return Task.FromResult(new ChatResponse
        {
            Text = answer.Text,
            FinishReason = FinishReason.Stop,
            Usage = new Usage(TokenEstimator.Estimate(request), TokenEstimator.Estimate(answer.Text)),
            Model = ModelName,
            Sources = answer.Sources,
        });
    }

    /// <summary>The same text as <see cref="ChatAsync"/>, one line per fragment, then usage and finish.</summary>
    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = ExtractiveAnswerer.Compose(request);
        for (var i = 0; i < answer.Lines.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatDelta { Text = i == 0 ? answer.Lines[i] : "\n" + answer.Lines[i] };
            // Let a consumer that renders fragments as they come see them as separate arrivals.
            await Task.Yield();
        }
        yield return new ChatDelta { Usage = new Usage(TokenEstimator.Estimate(request), TokenEstimator.Estimate(answer.Text)) };
        yield return new ChatDelta { FinishReason = FinishReason.Stop };
    }

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var vectors = request.Inputs.Select(i => (ReadOnlyMemory<float>)HashedEmbedder.Embed(i)).ToList();
        return Task.FromResult(new EmbeddingResponse(vectors, new Usage(request.Inputs.Sum(TokenEstimator.Estimate), 0)));
    }

    public Task<ClassificationResult> ClassifyAsync(ClassificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(LexicalClassifier.Classify(request));
    }
}
