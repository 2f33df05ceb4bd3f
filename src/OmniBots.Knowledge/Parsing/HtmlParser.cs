using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace OmniBots.Knowledge.Parsing;

/// <summary>
/// HTML main text (AngleSharp): scripts, styles, navigation, headers, footers, asides and forms are dropped;
/// <c>&lt;main&gt;</c> or else <c>&lt;article&gt;</c> is preferred over the whole body; h1–h6 give the heading path,
/// block elements (p, li, pre, blockquote, table rows…) give blocks. Title: <c>&lt;title&gt;</c>, else the first heading.
/// </summary>
internal sealed class HtmlParser : IDocumentParser
{
    private static readonly string[] Dropped = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg", "iframe"];
    private static readonly HashSet<string> Leaves = new(StringComparer.OrdinalIgnoreCase)
        { "P", "PRE", "BLOCKQUOTE", "DT", "DD", "FIGCAPTION", "CAPTION", "ADDRESS" };

    private static readonly HashSet<string> Containers = new(StringComparer.OrdinalIgnoreCase)
        { "DIV", "SECTION", "ARTICLE", "MAIN", "UL", "OL", "DL", "TABLE", "BODY", "HR" };

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm", ".xhtml"];
    public IReadOnlyList<string> ContentTypes { get; } = ["text/html", "application/xhtml+xml"];

    public bool Sniff(ReadOnlySpan<byte> head)
    {
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct)
    {
        var html = await TextDecoding.ReadAllAsync(content, ct);
        var document = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(html, ct);
        foreach (var element in document.QuerySelectorAll(string.Join(',', Dropped)).ToList())
        {
            element.Remove();
        }
        var root = document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body ?? (IElement?)document.DocumentElement;
        var title = TextCleanup.Collapse(document.Title);
        var blocks = new List<DocumentBlock>();
        var headings = new HeadingTracker();
        if (root is not null)
        {
            var pending = new System.Text.StringBuilder();
            Walk(root, headings, blocks, pending);
            Flush(pending, headings, blocks);
        }
        if (title.Length == 0)
        {
            title = TextCleanup.Collapse(root?.QuerySelector("h1, h2, h3, h4, h5, h6")?.TextContent);
        }
        return new ParsedDocument(title.Length > 0 ? title : TextCleanup.TitleFromFileName(fileName), blocks);
    }

    private static void Walk(INode node, HeadingTracker headings, List<DocumentBlock> blocks, System.Text.StringBuilder pending)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                pending.Append(text.Data);
                continue;
            }
            if (child is not IElement element)
            {
                continue;
            }
            var tag = element.TagName.ToUpperInvariant();
            if (tag.Length == 2 && tag[0] == 'H' && char.IsAsciiDigit(tag[1]))
            {
                Flush(pending, headings, blocks);
                headings.Enter(tag[1] - '0', element.TextContent);
            }
            else if (tag == "TR")
            {
                Flush(pending, headings, blocks);
                var cells = element.Children.Where(c => c.TagName is "TD" or "TH").Select(c => TextCleanup.Collapse(c.TextContent)).ToList();
                var header = element.ParentElement?.ParentElement?.QuerySelector("tr") is { } first && first != element
                    && first.Children.All(c => c.TagName == "TH")
                    ? first.Children.Select(c => TextCleanup.Collapse(c.TextContent)).ToList()
                    : null;
                if (element.Children.All(c => c.TagName == "TH"))
                {
                    continue;
                }
                Add(TableRows.Format(header, cells), headings, blocks, BlockKind.TableRow);
            }
            else if (tag == "LI")
            {
                Flush(pending, headings, blocks);
                Add(TextCleanup.Collapse(element.TextContent), headings, blocks, BlockKind.ListItem);
            }
            else if (Leaves.Contains(tag))
            {
                Flush(pending, headings, blocks);
                Add(TextCleanup.Collapse(element.TextContent), headings, blocks, BlockKind.Paragraph);
            }
            else if (tag == "BR")
            {
                pending.Append(' ');
            }
            else if (Containers.Contains(tag))
            {
                Flush(pending, headings, blocks);
                Walk(element, headings, blocks, pending);
                Flush(pending, headings, blocks);
            }
            else
            {
                Walk(element, headings, blocks, pending);
            }
        }
    }

    private static void Flush(System.Text.StringBuilder pending, HeadingTracker headings, List<DocumentBlock> blocks)
    {
        Add(TextCleanup.Collapse(pending.ToString()), headings, blocks, BlockKind.Paragraph);
        pending.Clear();
    }

    private static void Add(string text, HeadingTracker headings, List<DocumentBlock> blocks, BlockKind kind)
    {
        if (text.Length > 0)
        {
            blocks.Add(new DocumentBlock(text, headings.Current, kind));
        }
    }
}
