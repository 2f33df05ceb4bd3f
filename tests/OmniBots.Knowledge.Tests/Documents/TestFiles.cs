using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OmniBots.Knowledge.Tests.Documents;

/// <summary>Small real files of each format, generated here.</summary>
internal static class TestFiles
{
    /// <summary>A valid PDF, one page per string (lines split on '\\n'), text drawn with Helvetica (a text layer pdftotext reads); an empty string gives a page with no text.</summary>
    public static byte[] Pdf(params string[] pages)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{4 + (2 * i)} 0 R"))}] /Count {pages.Length} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        foreach (var text in pages)
        {
            var contentId = objects.Count + 2;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentId} 0 R >>");
            // One text line per '\n' (14 pt apart): pdftotext drops text beyond the page's edge.
            var lines = text.Split('\n').Select(l => $"({l.Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)}) Tj T*");
            var stream = text.Length == 0 ? "" : $"BT /F1 12 Tf 14 TL 72 720 Td {string.Join(' ', lines)} ET";
            objects.Add($"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream");
        }
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A DOCX: a title, two heading levels, paragraphs and a table with a header row.</summary>
    public static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                Styled("Title", "Returns handbook"),
                Styled("Heading1", "Returns"),
                Plain("You can return any item within 30 days of delivery."),
                Styled("Heading2", "Refunds"),
                Plain("Refunds reach your account within five working days."),
                new Table(
                    Row("Country", "Days"),
                    Row("France", "14"),
                    Row("Germany", "30")),
                Styled("Heading1", "Shipping"),
                Plain("We ship to every country of the European Union.")));
        }
        return stream.ToArray();
    }

    private static Paragraph Styled(string style, string text)
        => new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static Paragraph Plain(string text) => new(new Run(new Text(text)));

    private static TableRow Row(params string[] cells)
        => new(cells.Select(c => (OpenXmlElement)new TableCell(new Paragraph(new Run(new Text(c))))));
}
