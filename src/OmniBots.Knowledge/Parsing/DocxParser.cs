using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OmniBots.Knowledge.Parsing;

/// <summary>
/// DOCX (Open XML SDK): paragraph styles "Heading1".."Heading9" (or an outline level) give the heading path and "Title"
/// the title; numbered paragraphs are list items; tables give one block per row ("Header: value" lines under a header row).
/// </summary>
internal sealed class DocxParser : IDocumentParser
{
    public IReadOnlyList<string> Extensions { get; } = [".docx"];
    public IReadOnlyList<string> ContentTypes { get; } = ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"];

    // A DOCX is a ZIP: "PK\x03\x04". Other ZIPs are told apart when opening.
    public bool Sniff(ReadOnlySpan<byte> head) => head.StartsWith("PK\x03\x04"u8);

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        WordprocessingDocument document;
        try
        {
            document = WordprocessingDocument.Open(buffer, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or ArgumentException)
        {
            throw new UnparseableDocumentException($"Not a readable DOCX file: {e.Message}", e);
        }
        using (document)
        {
            var body = document.MainDocumentPart?.Document?.Body ?? throw new UnparseableDocumentException("The DOCX file has no document body.");
            var styles = StyleNames(document);
            var headings = new HeadingTracker();
            var blocks = new List<DocumentBlock>();
            string? title = document.PackageProperties.Title is { Length: > 0 } t ? t : null;
            foreach (var element in body.ChildElements)
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        var text = TextCleanup.Collapse(paragraph.InnerText);
                        if (text.Length == 0)
                        {
                            break;
                        }
                        var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
                        var styleName = styles.GetValueOrDefault(style, style);
                        if (styleName.Equals("Title", StringComparison.OrdinalIgnoreCase))
                        {
                            title ??= text;
                        }
                        else if (HeadingLevel(styleName, paragraph) is { } level)
                        {
                            headings.Enter(level, text);
                        }
                        else
                        {
                            var kind = paragraph.ParagraphProperties?.NumberingProperties is not null ? BlockKind.ListItem : BlockKind.Paragraph;
                            blocks.Add(new DocumentBlock(text, headings.Current, kind));
                        }
                        break;
                    case Table table:
                        AddTable(table, headings, blocks);
                        break;
                }
            }
            return new ParsedDocument(title ?? TextCleanup.TitleFromFileName(fileName), blocks);
        }
    }

    private static void AddTable(Table table, HeadingTracker headings, List<DocumentBlock> blocks)
    {
        var rows = table.Elements<TableRow>()
            .Select(r => r.Elements<TableCell>().Select(c => TextCleanup.Collapse(string.Join(' ', c.Elements<Paragraph>().Select(p => p.InnerText)))).ToList())
            .Where(r => r.Any(c => c.Length > 0))
            .ToList();
        var header = rows.Count > 1 ? rows[0] : null;
        foreach (var row in header is null ? rows : rows.Skip(1))
        {
            blocks.Add(new DocumentBlock(TableRows.Format(header, row), headings.Current, BlockKind.TableRow));
        }
    }

    /// <summary>"Heading 2" / "heading2" style names, or an explicit outline level (0 = level 1).</summary>
    private static int? HeadingLevel(string styleName, Paragraph paragraph)
    {
        var compact = styleName.Replace(" ", "", StringComparison.Ordinal);
        if (compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase) && int.TryParse(compact.AsSpan(7), out var level) && level is >= 1 and <= 9)
        {
            return level;
        }
        return paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9 ? outline + 1 : null;
    }

    /// <summary>Style id → style name (ids are localised in some Word versions; names such as "heading 1" are not).</summary>
    private static Dictionary<string, string> StyleNames(WordprocessingDocument document)
    {
        var styles = document.MainDocumentPart?.StyleDefinitionsPart?.Styles;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (styles is null)
        {
            return names;
        }
        foreach (var style in styles.Elements<Style>())
        {
            if (style.StyleId?.Value is { } id && style.StyleName?.Val?.Value is { } name)
            {
                names[id] = name;
            }
        }
        return names;
    }
}
