namespace OmniBots.Gateway.Contracts;

/// <summary>The seam every provider adapter implements; failures surface as <see cref="LlmProviderException"/>.</summary>
public interface ILlmProvider
{
    Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken);

    IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, CancellationToken cancellationToken);

    Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken);
}

/// <summary>Picks an intent for a text from a closed list of labels.</summary>
public interface IIntentClassifier
{
    Task<ClassificationResult> ClassifyAsync(ClassificationRequest request, CancellationToken cancellationToken);
}

public sealed record IntentLabel(string Name, string? Description = null)
{
    public IReadOnlyList<string> Examples { get; init; } = [];
}

public sealed record ClassificationRequest(string Text, IReadOnlyList<IntentLabel> Labels);

public sealed record LabelScore(string Label, double Score);

/// <summary><see cref="Label"/> is null when no label resembles the text at all.</summary>
public sealed record ClassificationResult(string? Label, double Score, IReadOnlyList<LabelScore> Scores);
