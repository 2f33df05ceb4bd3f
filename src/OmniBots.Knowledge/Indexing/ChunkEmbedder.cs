using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Chunking;

namespace OmniBots.Knowledge.Indexing;

/// <summary>Embeds chunks in batches through the gateway (feature <c>knowledge.embed</c>), L2-normalised.
/// The text embedded is the title and heading path followed by the chunk, so a chunk keeps its context.</summary>
internal sealed class ChunkEmbedder(ILlmGateway gateway)
{
    public const int BatchSize = 64;
    private static readonly GatewayCall Call = new("knowledge.embed");

    public async Task<IReadOnlyList<float[]?>> EmbedAsync(string? model, string? title, IReadOnlyList<TextChunk> chunks, IndexProgress progress, CancellationToken ct)
    {
        var vectors = new float[]?[chunks.Count];
        if (model is null)
        {
            await progress.AdvanceAsync(chunks.Count, ct);
            return vectors;
        }
        for (var start = 0; start < chunks.Count; start += BatchSize)
        {
            var batch = chunks.Skip(start).Take(BatchSize).ToList();
            var inputs = batch.Select(c => string.Join(" > ", new[] { title }.Concat(c.HeadingPath).Where(s => !string.IsNullOrEmpty(s))) + "\n" + c.Text).ToList();
            var response = await gateway.EmbedAsync(new EmbeddingRequest(model, inputs), Call, ct);
            if (response.Vectors.Count != batch.Count)
            {
                throw new InvalidOperationException($"The embedding model '{model}' returned {response.Vectors.Count} vectors for {batch.Count} inputs.");
            }
            for (var i = 0; i < batch.Count; i++)
            {
                vectors[start + i] = EmbeddingCodec.Normalise(response.Vectors[i].Span);
            }
            await progress.AdvanceAsync(batch.Count, ct);
        }
        return vectors;
    }
}
