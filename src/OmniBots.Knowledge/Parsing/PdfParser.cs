using System.Diagnostics;
using System.Text;

namespace OmniBots.Knowledge.Parsing;

/// <summary>
/// PDF through poppler's <c>pdftotext -layout -enc UTF-8</c> as a child process (no PDF library restores here).
/// Pages come back separated by form feeds, so each block keeps its page number. A PDF without a single
/// extractable character is a scan: that is a permanent error (no OCR).
/// </summary>
internal sealed class PdfParser : IDocumentParser
{
    public const string ScannedPdf = "scanned PDF without a text layer; OCR is not supported";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public IReadOnlyList<string> Extensions { get; } = [".pdf"];
    public IReadOnlyList<string> ContentTypes { get; } = ["application/pdf"];

    public bool Sniff(ReadOnlySpan<byte> head) => head.StartsWith("%PDF-"u8);

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct)
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await content.CopyToAsync(file, ct);
            }
            var text = await RunPdfToTextAsync(path, ct);
            var blocks = new List<DocumentBlock>();
            var pages = text.Split('\f');
            for (var i = 0; i < pages.Length; i++)
            {
                blocks.AddRange(TextParser.Paragraphs(pages[i], [], i + 1));
            }
            if (blocks.Count == 0)
            {
                throw new UnparseableDocumentException(ScannedPdf);
            }
            return new ParsedDocument(TextCleanup.TitleFromFileName(fileName), blocks);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> RunPdfToTextAsync(string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo("pdftotext")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "-layout", "-enc", "UTF-8", "-q", path, "-" })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Not permanent: the machine lacks poppler-utils (scripts/install-prerequisites.sh); the job retries.
            throw new InvalidOperationException("pdftotext (poppler-utils) is not installed on this machine.", e);
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (process.ExitCode != 0)
            {
                throw new UnparseableDocumentException($"Not a readable PDF: {(await error).Trim()} (pdftotext exit code {process.ExitCode}).");
            }
            return await output;
        }
    }
}
