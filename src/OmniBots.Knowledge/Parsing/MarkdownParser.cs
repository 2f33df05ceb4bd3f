using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace OmniBots.Knowledge.Parsing;

/// <summary>Markdown (Markdig, pipe tables): headings become the heading path, paragraphs, list items, code blocks
/// and table rows become blocks; the first level-1 heading is the title. Blocks without text (thematic breaks, link
/// reference definitions) are skipped; a block whose structure cannot be read falls back to its source text, so one
/// odd construct never fails the whole document.</summary>
internal sealed partial class MarkdownParser : IDocumentParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public IReadOnlyList<string> Extensions { get; } = [".md", ".markdown"];
    public IReadOnlyList<string> ContentTypes { get; } = ["text/markdown", "text/x-markdown"];

    public bool Sniff(ReadOnlySpan<byte> head) => false;

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct)
    {
        var text = await TextDecoding.ReadAllAsync(content, ct);
        var document = Markdown.Parse(text, Pipeline);
        var headings = new HeadingTracker();
        var blocks = new List<DocumentBlock>();
        string? title = null;
        Walk(text, document, headings, blocks, ref title, BlockKind.Paragraph);
        return new ParsedDocument(title ?? TextCleanup.TitleFromFileName(fileName), blocks);
    }

    private static void Walk(string source, ContainerBlock container, HeadingTracker headings, List<DocumentBlock> blocks, ref string? title, BlockKind kind)
    {
        foreach (var block in container)
        {
            var count = blocks.Count;
            try
            {
                WalkBlock(source, block, headings, blocks, ref title, kind);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NullReferenceException or IndexOutOfRangeException)
            {
                // Markdig's tree differs between constructs (some leaves have no lines at all): rather than lose the
                // document, keep what this block's source says, as plain text.
                blocks.RemoveRange(count, blocks.Count - count);
                var raw = TextCleanup.Collapse(SourceText(source, block));
                if (raw.Length > 0)
                {
                    blocks.Add(new DocumentBlock(raw, headings.Current, kind));
                }
            }
        }
    }

    private static void WalkBlock(string source, Block block, HeadingTracker headings, List<DocumentBlock> blocks, ref string? title, BlockKind kind)
    {
        switch (block)
        {
            case HeadingBlock heading:
                var headingText = TextCleanup.Collapse(InlineText(heading.Inline));
                if (heading.Level == 1 && title is null)
                {
                    title = headingText;
                }
                headings.Enter(heading.Level, headingText);
                break;
            case Table table:
                AddTable(table, headings, blocks);
                break;
            case ListItemBlock item:
                Walk(source, item, headings, blocks, ref title, BlockKind.ListItem);
                break;
            case ContainerBlock inner:
                Walk(source, inner, headings, blocks, ref title, kind);
                break;
            case ThematicBreakBlock or BlankLineBlock or LinkReferenceDefinition:
                break; // No text: a thematic break's StringLineGroup has no lines at all (Lines.Lines is null).
            case LeafBlock leaf:
                var text = leaf.Inline is not null ? InlineText(leaf.Inline) : LinesText(leaf);
                if (leaf is HtmlBlock)
                {
                    text = HtmlTags().Replace(text, " ");
                }
                text = leaf is CodeBlock ? text.Trim() : TextCleanup.Collapse(text);
                if (text.Length > 0)
                {
                    blocks.Add(new DocumentBlock(text, headings.Current, kind));
                }
                break;
        }
    }

    private static string LinesText(LeafBlock leaf)
        => leaf.Lines.Lines is null ? "" : string.Join('\n', leaf.Lines.Lines.Take(leaf.Lines.Count).Select(l => l.ToString()));

    private static string SourceText(string source, Block block)
        => block.Span.Start >= 0 && block.Span.End < source.Length && block.Span.Length > 0
            ? source.Substring(block.Span.Start, block.Span.Length)
            : "";

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTags();

    private static void AddTable(Table table, HeadingTracker headings, List<DocumentBlock> blocks)
    {
        var rows = table.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(c => TextCleanup.Collapse(CellText(c))).ToList()).ToList();
        var header = table.OfType<TableRow>().FirstOrDefault() is { IsHeader: true } ? rows[0] : null;
        foreach (var row in header is null ? rows : rows.Skip(1))
        {
            blocks.Add(new DocumentBlock(TableRows.Format(header, row), headings.Current, BlockKind.TableRow));
        }
    }

    private static string CellText(TableCell cell)
        => string.Join(' ', cell.OfType<LeafBlock>().Select(l => l.Inline is null ? "" : InlineText(l.Inline)));

    private static string InlineText(ContainerInline? inline)
    {
        var builder = new StringBuilder();
        Append(inline, builder);
        return builder.ToString();
    }

    private static void Append(Inline? inline, StringBuilder builder)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                builder.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case LineBreakInline:
                builder.Append(' ');
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(child, builder);
                }
                break;
        }
    }
}

/// <summary>A table row as text: "Header: value" lines when there is a header row, cells joined by " | " otherwise.</summary>
internal static class TableRows
{
    public static string Format(IReadOnlyList<string>? header, IReadOnlyList<string> cells)
    {
        if (header is null)
        {
            return string.Join(" | ", cells.Where(c => c.Length > 0));
        }
        var lines = new List<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Length > 0)
            {
                lines.Add(i < header.Count && header[i].Length > 0 ? $"{header[i]}: {cells[i]}" : cells[i]);
            }
        }
        return string.Join('\n', lines);
    }
}
