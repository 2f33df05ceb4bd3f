using System.Text;
using OmniBots.Knowledge.Parsing;
using OmniBots.Knowledge.Tests.Documents;
using Xunit;

namespace OmniBots.Knowledge.Tests.Parsing;

public sealed class ParserTests
{
    private static readonly DocumentParsers Parsers = new([new PdfParser(), new DocxParser(), new HtmlParser(), new CsvParser(), new MarkdownParser(), new TextParser()]);

    [Theory]
    [InlineData("report.pdf", null, typeof(PdfParser))]
    [InlineData("notes.MD", null, typeof(MarkdownParser))]
    [InlineData("page", "text/html; charset=utf-8", typeof(HtmlParser))]
    [InlineData("rows", "text/csv", typeof(CsvParser))]
    [InlineData("readme", null, typeof(TextParser))]
    public void TheParserIsChosenByExtensionThenContentType(string name, string? contentType, Type expected)
        => Assert.IsType(expected, Parsers.Choose(name, contentType, "plain words"u8));

    [Fact]
    public void WithoutExtensionOrType_ContentIsSniffed()
    {
        Assert.IsType<PdfParser>(Parsers.Choose("upload", null, TestFiles.Pdf("x").AsSpan(0, 16)));
        Assert.IsType<DocxParser>(Parsers.Choose("upload", "application/octet-stream", TestFiles.Docx().AsSpan(0, 16)));
        Assert.IsType<HtmlParser>(Parsers.Choose("upload", null, "<!DOCTYPE html><html>"u8));
        Assert.Null(Parsers.Choose("image.png", "image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0 }));
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x68, 0xC3, 0xA9 }, "hé")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x68, 0x00, 0xE9, 0x00 }, "hé")]
    [InlineData(new byte[] { 0x68, 0xC3, 0xA9 }, "hé")]
    [InlineData(new byte[] { 0x68, 0xE9 }, "hé")]
    public void TextEncoding_IsDetected(byte[] bytes, string expected) => Assert.Equal(expected, TextDecoding.Decode(bytes));

    [Fact]
    public async Task MarkdownTables_GiveOneRowPerBlockWithHeaders()
    {
        var markdown = "# Prices\n\n| Plan | Price |\n| --- | --- |\n| Basic | 10 |\n| Pro | 20 |\n";

        var parsed = await new MarkdownParser().ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(markdown)), "p.md", CancellationToken.None);

        Assert.Equal(["Plan: Basic\nPrice: 10", "Plan: Pro\nPrice: 20"], parsed.Blocks.Where(b => b.Kind == BlockKind.TableRow).Select(b => b.Text));
        Assert.All(parsed.Blocks, b => Assert.Equal(["Prices"], b.HeadingPath));
    }

    [Fact]
    public async Task MarkdownThematicBreak_IsSkipped_AndTheTextAroundItIsKept()
    {
        // Regression: a "---" line after a blank line is a ThematicBreakBlock whose Lines.Lines is null; reading it threw
        // ArgumentNullException and the whole document failed to index (27 of the 381 help-centre articles).
        var markdown = "# Billing\n\n## Overview\n\nBilled monthly.\n\n---\n\n## Invoices\n\n<div>See the <b>dashboard</b>.</div>\n\n***\n";

        var parsed = await new MarkdownParser().ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(markdown)), "b.md", CancellationToken.None);

        Assert.Equal("Billing", parsed.Title);
        Assert.Equal(["Billed monthly.", "See the dashboard ."], parsed.Blocks.Select(b => b.Text));
        Assert.Equal(["Billing", "Invoices"], parsed.Blocks[1].HeadingPath);
    }

    [Fact]
    public async Task Html_PrefersArticle_WhenThereIsNoMain()
    {
        var html = "<html><body><div>Menu junk</div><article><h2>Story</h2><p>The text.</p><ul><li>One</li></ul></article></body></html>";

        var parsed = await new HtmlParser().ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(html)), "s.html", CancellationToken.None);

        Assert.Equal(["The text.", "One"], parsed.Blocks.Select(b => b.Text));
        Assert.Equal(BlockKind.ListItem, parsed.Blocks[1].Kind);
        Assert.Equal("Story", parsed.Title);
    }

    [Fact]
    public async Task ABrokenDocx_IsAPermanentError()
    {
        var broken = new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 };

        await Assert.ThrowsAsync<UnparseableDocumentException>(() => new DocxParser().ParseAsync(new MemoryStream(broken), "b.docx", CancellationToken.None));
    }
}
