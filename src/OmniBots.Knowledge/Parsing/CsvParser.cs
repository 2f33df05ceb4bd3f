using System.Text;

namespace OmniBots.Knowledge.Parsing;

/// <summary>
/// CSV (RFC 4180: quoted fields with doubled quotes and line breaks inside): one passage per row, as "Header: value"
/// lines (empty values left out). The delimiter is the one of comma, semicolon, tab or pipe that occurs most in the
/// header line. Read by hand: CsvHelper 34's reader API changed and a record-per-row reader is a few lines.
/// </summary>
internal sealed class CsvParser : IDocumentParser
{
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    public IReadOnlyList<string> Extensions { get; } = [".csv", ".tsv"];
    public IReadOnlyList<string> ContentTypes { get; } = ["text/csv", "text/tab-separated-values"];

    public bool Sniff(ReadOnlySpan<byte> head) => false;

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct)
    {
        var text = await TextDecoding.ReadAllAsync(content, ct);
        var firstLine = text[..(text.IndexOf('\n') is var n and >= 0 ? n : text.Length)];
        var delimiter = Delimiters.MaxBy(d => firstLine.Count(d));
        var rows = Records(text, delimiter).ToList();
        if (rows.Count == 0 || rows[0].All(string.IsNullOrWhiteSpace))
        {
            throw new UnparseableDocumentException("The CSV file has no header row.");
        }
        var headers = rows[0].Select(h => h.Trim()).ToList();
        var blocks = new List<DocumentBlock>();
        foreach (var row in rows.Skip(1))
        {
            var passage = new StringBuilder();
            for (var i = 0; i < row.Count; i++)
            {
                var value = TextCleanup.Collapse(row[i]);
                if (value.Length > 0)
                {
                    var header = i < headers.Count && headers[i].Length > 0 ? headers[i] : $"Column {i + 1}";
                    passage.Append(header).Append(": ").Append(value).Append('\n');
                }
            }
            if (passage.Length > 0)
            {
                blocks.Add(new DocumentBlock(passage.ToString().TrimEnd('\n'), [], BlockKind.Record));
            }
        }
        return new ParsedDocument(TextCleanup.TitleFromFileName(fileName), blocks);
    }

    private static IEnumerable<List<string>> Records(string text, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                fields.Add(field.ToString());
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    yield return fields;
                }
                fields = [];
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        if (fields.Count > 1 || fields[0].Length > 0)
        {
            yield return fields;
        }
    }
}
