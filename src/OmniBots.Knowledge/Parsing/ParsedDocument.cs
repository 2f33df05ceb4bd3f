namespace OmniBots.Knowledge.Parsing;

/// <summary>What every parser produces for the chunker: a title and the text in reading order, each block with
/// the headings above it (outermost first), its page (PDF) and its kind.</summary>
internal sealed record ParsedDocument(string? Title, IReadOnlyList<DocumentBlock> Blocks);

internal sealed record DocumentBlock(string Text, IReadOnlyList<string> HeadingPath, BlockKind Kind, int? Page = null);

internal enum BlockKind
{
    Paragraph,
    ListItem,
    /// <summary>A table row (cells as "Header: value" lines when the table has a header); kept whole where it fits.</summary>
    TableRow,
    /// <summary>A record that is a passage of its own (a CSV row): never merged with its neighbours.</summary>
    Record,
}

/// <summary>A file that can never be indexed as it is (wrong format, no text): the job records the reason and does not retry.</summary>
internal sealed class UnparseableDocumentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One format's parser.</summary>
internal interface IDocumentParser
{
    /// <summary>Lower-case extensions with the dot (".pdf").</summary>
    IReadOnlyList<string> Extensions { get; }
    IReadOnlyList<string> ContentTypes { get; }

    /// <summary>True when the first bytes look like this format (used when extension and content type say nothing useful).</summary>
    bool Sniff(ReadOnlySpan<byte> head);

    Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct);
}
