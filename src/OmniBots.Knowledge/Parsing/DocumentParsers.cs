namespace OmniBots.Knowledge.Parsing;

/// <summary>Picks the parser for a file: by extension, then by content type, then by sniffing the first bytes.</summary>
internal sealed class DocumentParsers(IEnumerable<IDocumentParser> parsers)
{
    private readonly IReadOnlyList<IDocumentParser> _parsers = [.. parsers];

    public static readonly string[] SupportedExtensions = [".pdf", ".docx", ".txt", ".html", ".htm", ".csv", ".md", ".markdown"];

    public IDocumentParser? Choose(string fileName, string? contentType, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (_parsers.FirstOrDefault(p => p.Extensions.Contains(extension)) is { } byExtension)
        {
            return byExtension;
        }
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not null && _parsers.FirstOrDefault(p => p.ContentTypes.Contains(mediaType)) is { } byType)
        {
            return byType;
        }
        foreach (var parser in _parsers)
        {
            if (parser.Sniff(head))
            {
                return parser;
            }
        }
        // Unknown binary-free content is read as plain text; anything else is not supported.
        return head.IndexOf((byte)0) < 0 && (mediaType is null || mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType == "application/octet-stream")
            ? _parsers.OfType<TextParser>().FirstOrDefault()
            : null;
    }
}
