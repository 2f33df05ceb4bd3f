using OmniBots.Knowledge.Retrieval;
using Xunit;

namespace OmniBots.Knowledge.Tests.Retrieval;

/// <summary>Fusion, filters, minimum score and de-duplication over hand-made indexes.</summary>
public sealed class RetrieverTests
{
    [Fact]
    public void Hybrid_orders_by_reciprocal_rank_fusion()
    {
        // Lexical order A, B, C (more "alpha", shorter); vector order B, C, A.
        var a = Chunks.Make("alpha alpha alpha", vector: [1, 2, 0]);
        var b = Chunks.Make("alpha alpha beta gamma", vector: [1, 0.1f, 0]);
        var c = Chunks.Make("alpha beta gamma delta epsilon zeta", vector: [1, 0.5f, 0]);
        var index = Chunks.Index(a, b, c);

        var lexical = Retriever.Retrieve(index, new RetrievalQuery("alpha", SearchMode.Lexical, 3));
        var vector = Retriever.Retrieve(index, new RetrievalQuery("alpha", SearchMode.Vector, 3) { QueryVector = new float[] { 1, 0, 0 } });
        var hybrid = Retriever.Retrieve(index, new RetrievalQuery("alpha", SearchMode.Hybrid, 3) { QueryVector = new float[] { 1, 0, 0 } });

        Assert.Equal([a.ChunkId, b.ChunkId, c.ChunkId], lexical.Select(p => p.Chunk.ChunkId));
        Assert.Equal([b.ChunkId, c.ChunkId, a.ChunkId], vector.Select(p => p.Chunk.ChunkId));
        // RRF (k 60): B = 1/62 + 1/61, A = 1/61 + 1/63, C = 1/63 + 1/62.
        Assert.Equal([b.ChunkId, a.ChunkId, c.ChunkId], hybrid.Select(p => p.Chunk.ChunkId));
        Assert.Equal((1f / 62) + (1f / 61), hybrid[0].FusionScore!.Value, 0.00001f);
    }

    [Fact]
    public void Filters_by_document_source_and_metadata()
    {
        var document = Guid.NewGuid();
        var source = Guid.NewGuid();
        var inDocument = Chunks.Make("refund policy", document: document);
        var fromSource = Chunks.Make("refund window", source: source);
        var german = Chunks.Make("refund rules", metadata: new() { ["language"] = "de" });
        var index = Chunks.Index(inDocument, fromSource, german, Chunks.Make("refund other"));

        IReadOnlyList<Guid> Find(SearchFilters filters) =>
            Retriever.Retrieve(index, new RetrievalQuery("refund", SearchMode.Lexical, 10) { Filters = filters }).Select(p => p.Chunk.ChunkId).ToList();

        Assert.Equal([inDocument.ChunkId], Find(new SearchFilters { DocumentIds = [document] }));
        Assert.Equal([fromSource.ChunkId], Find(new SearchFilters { SourceIds = [source] }));
        Assert.Equal([german.ChunkId], Find(new SearchFilters { Metadata = new Dictionary<string, string> { ["language"] = "de" } }));
        Assert.Empty(Find(new SearchFilters { DocumentIds = [document], SourceIds = [source] }));
        Assert.Equal(4, Find(new SearchFilters()).Count);
    }

    [Fact]
    public void Minimum_score_drops_weak_matches()
    {
        var index = Chunks.Index(Chunks.Make("reset your password from the sign in page"), Chunks.Make("password"), Chunks.Make("billing invoices"));

        var all = Retriever.Retrieve(index, new RetrievalQuery("reset password", SearchMode.Lexical, 10));
        var strict = Retriever.Retrieve(index, new RetrievalQuery("reset password", SearchMode.Lexical, 10) { MinScore = all[0].Score });

        Assert.Equal(2, all.Count);
        Assert.All(all, p => Assert.InRange(p.Score, 0f, 1f));
        Assert.Equal(all[0].Chunk.ChunkId, Assert.Single(strict).Chunk.ChunkId);
    }

    [Fact]
    public void The_same_text_twice_is_returned_once()
    {
        var index = Chunks.Index(Chunks.Make("How to rotate the API key"), Chunks.Make("How to  rotate the api KEY"), Chunks.Make("rotate logs"));

        var passages = Retriever.Retrieve(index, new RetrievalQuery("rotate key", SearchMode.Lexical, 10));

        Assert.Equal(2, passages.Count);
    }

    [Fact]
    public void A_near_duplicate_is_collapsed_into_the_better_ranked_copy()
    {
        var words = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"word{i}"));
        var index = Chunks.Index(Chunks.Make($"deploy guide {words} updated 2024"), Chunks.Make($"deploy guide {words} updated 2025"));

        var passages = Retriever.Retrieve(index, new RetrievalQuery("deploy guide", SearchMode.Lexical, 10));

        Assert.Single(passages);
    }

    [Fact]
    public void Adjacent_overlapping_chunks_of_a_document_merge_into_one_passage()
    {
        var document = Guid.NewGuid();
        var first = Chunks.Make("Volumes are local disks. Snapshots are taken daily and kept five days.", document: document, position: 0, tokens: 18);
        var second = Chunks.Make("Snapshots are taken daily and kept five days. Restore a snapshot with fly volumes create.", document: document, position: 1, tokens: 22);
        var index = Chunks.Index(first, second, Chunks.Make("snapshots elsewhere unrelated"));

        var passages = Retriever.Retrieve(index, new RetrievalQuery("restore snapshots volumes", SearchMode.Lexical, 10));

        var merged = passages.Single(p => p.Chunk.DocumentId == document);
        Assert.Equal("Volumes are local disks. Snapshots are taken daily and kept five days. Restore a snapshot with fly volumes create.", merged.Text);
        Assert.Equal([first.ChunkId, second.ChunkId], merged.ChunkIds);
        Assert.True(merged.TokenCount < 40, $"{merged.TokenCount}");
    }
}
