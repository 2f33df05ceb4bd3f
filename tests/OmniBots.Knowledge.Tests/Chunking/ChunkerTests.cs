using OmniBots.Knowledge.Chunking;
using OmniBots.Knowledge.Parsing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Chunking;

public sealed class ChunkerTests
{
    [Fact]
    public void ALongParagraph_IsSplitAtSentenceBoundaries_WithinTheSize()
    {
        var sentences = Enumerable.Range(1, 40).Select(i => $"Sentence number {i} talks about the warranty.").ToList();
        var document = new ParsedDocument("T", [new DocumentBlock(string.Join(' ', sentences), ["Warranty"], BlockKind.Paragraph)]);

        var chunks = Chunker.Split(document, 64, 0);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(c.TokenCount <= 64, $"{c.TokenCount} tokens"));
        Assert.All(chunks, c => Assert.EndsWith("warranty.", c.Text, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.Equal(["Warranty"], c.HeadingPath));
        Assert.Equal(string.Join(' ', sentences), string.Join(' ', chunks.Select(c => c.Text)).Replace("\n", " ", StringComparison.Ordinal));
    }

    [Fact]
    public void ConsecutiveChunks_OfASection_ShareTheOverlap()
    {
        var blocks = Enumerable.Range(1, 20).Select(i => new DocumentBlock($"Paragraph {i} explains step {i} of the installation in detail.", ["Install"], BlockKind.Paragraph)).ToList();

        var chunks = Chunker.Split(new ParsedDocument("T", blocks), 64, 16);

        Assert.True(chunks.Count > 1);
        for (var i = 1; i < chunks.Count; i++)
        {
            var tail = chunks[i - 1].Text[^20..];
            Assert.Contains(tail, chunks[i].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ANewHeadingPath_StartsANewChunk_AndRecordsStandAlone()
    {
        var document = new ParsedDocument("T",
        [
            new DocumentBlock("Short one.", ["A"], BlockKind.Paragraph),
            new DocumentBlock("Short two.", ["B"], BlockKind.Paragraph),
            new DocumentBlock("Name: x", [], BlockKind.Record),
            new DocumentBlock("Name: y", [], BlockKind.Record),
        ]);

        var chunks = Chunker.Split(document, 400, 50);

        Assert.Equal(["Short one.", "Short two.", "Name: x", "Name: y"], chunks.Select(c => c.Text));
        Assert.Equal([0, 1, 2, 3], chunks.Select(c => c.Position));
    }

    [Fact]
    public void TableRows_AreKeptWhole()
    {
        var rows = Enumerable.Range(1, 30).Select(i => new DocumentBlock($"Country: Land {i}\nDays: {i}", ["Returns"], BlockKind.TableRow)).ToList();

        var chunks = Chunker.Split(new ParsedDocument("T", rows), 64, 16);

        var pieces = chunks.SelectMany(c => c.Text.Split('\n')).ToList();
        Assert.Equal(30, pieces.Count(p => p.StartsWith("Country: ", StringComparison.Ordinal)));
        Assert.All(chunks, c => Assert.StartsWith("Country: ", c.Text, StringComparison.Ordinal));
    }
}
