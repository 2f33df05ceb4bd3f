namespace OmniBots.Knowledge.Parsing;

/// <summary>Plain text: encoding detected (<see cref="TextDecoding"/>), paragraphs separated by blank lines.</summary>
internal sealed class TextParser : IDocumentParser
{
    public IReadOnlyList<string> Extensions { get; } = [".txt", ".text", ".log"];
    public IReadOnlyList<string> ContentTypes { get; } = ["text/plain"];

    public bool Sniff(ReadOnlySpan<byte> head) => false;

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct)
    {
        var text = await TextDecoding.ReadAllAsync(content, ct);
        return new ParsedDocument(TextCleanup.TitleFromFileName(fileName), Paragraphs(text, [], null));
    }

    public static List<DocumentBlock> Paragraphs(string text, IReadOnlyList<string> headings, int? page)
    {
        var blocks = new List<DocumentBlock>();
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var part in normalised.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var paragraph = TextCleanup.Collapse(part);
            if (paragraph.Length > 0)
            {
                blocks.Add(new DocumentBlock(paragraph, headings, BlockKind.Paragraph, page));
            }
        }
        return blocks;
    }
}
