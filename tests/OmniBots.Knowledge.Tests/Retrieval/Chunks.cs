using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Retrieval;

namespace OmniBots.Knowledge.Tests.Retrieval;

/// <summary>Small hand-made chunk sets for the retrieval tests.</summary>
internal static class Chunks
{
    public static IndexedChunk Make(string text, string title = "", Guid? document = null, int position = 0, float[]? vector = null,
        Guid? source = null, Dictionary<string, string>? metadata = null, int? tokens = null) => new()
    {
        ChunkId = Guid.NewGuid(),
        DocumentId = document ?? Guid.NewGuid(),
        SourceId = source,
        DocumentTitle = title,
        Position = position,
        Text = text,
        TokenCount = tokens ?? Math.Max(1, text.Length / 4),
        Vector = vector,
        Metadata = metadata ?? [],
    };

    public static KnowledgeIndex Index(params IndexedChunk[] chunks) =>
        KnowledgeIndex.Build(Guid.NewGuid(), new ChunkSet(Guid.NewGuid(), 1, chunks));
}
