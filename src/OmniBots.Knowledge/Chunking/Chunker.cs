using System.Text;
using System.Text.RegularExpressions;
using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Parsing;

namespace OmniBots.Knowledge.Chunking;

/// <summary>One chunk of a document, before embedding.</summary>
internal sealed record TextChunk(int Position, string Text, IReadOnlyList<string> HeadingPath, int? Page, BlockKind Kind, int TokenCount);

/// <summary>
/// Structure-aware chunking (KB-5). Sizes are in tokens as the gateway's <see cref="TokenEstimator"/> counts them
/// (about 4 characters a token). Rules: blocks under the same heading path are packed together up to the size; a new
/// heading path always starts a new chunk (so each chunk has one heading path); a block longer than the size is split
/// at sentence boundaries (words if a sentence alone is too long); table rows are kept whole where they fit; records
/// (CSV rows) are chunks of their own; consecutive chunks of one section share the last <c>overlap</c> tokens.
/// </summary>
internal static partial class Chunker
{
    [GeneratedRegex(@"(?<=[.!?…。])\s+")]
    private static partial Regex SentenceEnd();

    public static List<TextChunk> Split(ParsedDocument document, int size, int overlap)
    {
        ArgumentNullException.ThrowIfNull(document);
        var chunks = new List<TextChunk>();
        var current = new StringBuilder();
        IReadOnlyList<string> heading = [];
        int? page = null;
        var kind = BlockKind.Paragraph;
        // True until the chunk being built gets its first new block (overlap text carried over does not count).
        var fresh = true;

        void Flush(bool keepOverlap)
        {
            if (fresh)
            {
                current.Clear();
                return;
            }
            var text = current.ToString().Trim();
            current.Clear();
            fresh = true;
            if (text.Length == 0)
            {
                return;
            }
            chunks.Add(new TextChunk(chunks.Count, text, heading, page, kind, TokenEstimator.Estimate(text)));
            if (keepOverlap && overlap > 0 && kind != BlockKind.TableRow)
            {
                current.Append(Tail(text, overlap));
            }
        }

        foreach (var block in document.Blocks)
        {
            if (!SameHeading(block.HeadingPath, heading) || block.Kind == BlockKind.Record)
            {
                Flush(keepOverlap: false);
                heading = block.HeadingPath;
            }
            foreach (var piece in Pieces(block.Text, size))
            {
                var pieceTokens = TokenEstimator.Estimate(piece);
                if (current.Length > 0 && TokenEstimator.Estimate(current.ToString()) + 1 + pieceTokens > size)
                {
                    Flush(keepOverlap: true);
                    if (current.Length > 0 && TokenEstimator.Estimate(current.ToString()) + 1 + pieceTokens > size)
                    {
                        current.Clear();
                    }
                }
                if (fresh)
                {
                    page = block.Page;
                    kind = block.Kind;
                    fresh = false;
                }
                if (current.Length > 0)
                {
                    current.Append('\n');
                }
                current.Append(piece);
            }
            if (block.Kind == BlockKind.Record)
            {
                Flush(keepOverlap: false);
            }
        }
        Flush(keepOverlap: false);
        return chunks;
    }

    private static bool SameHeading(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b, StringComparer.Ordinal);

    /// <summary>The block whole when it fits; otherwise sentences packed up to the size, words where a sentence is too long.</summary>
    private static IEnumerable<string> Pieces(string text, int size)
    {
        if (TokenEstimator.Estimate(text) <= size)
        {
            yield return text;
            yield break;
        }
        var piece = new StringBuilder();
        foreach (var sentence in SentenceEnd().Split(text).SelectMany(s => TokenEstimator.Estimate(s) <= size ? [s] : Words(s, size)))
        {
            if (piece.Length > 0 && TokenEstimator.Estimate(piece.ToString()) + 1 + TokenEstimator.Estimate(sentence) > size)
            {
                yield return piece.ToString();
                piece.Clear();
            }
            if (piece.Length > 0)
            {
                piece.Append(' ');
            }
            piece.Append(sentence);
        }
        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }

    private static IEnumerable<string> Words(string sentence, int size)
    {
        var maxChars = size * 4;
        var start = 0;
        while (start < sentence.Length)
        {
            var length = Math.Min(maxChars, sentence.Length - start);
            if (start + length < sentence.Length && sentence.LastIndexOf(' ', start + length - 1, length) is var space and > 0 && space > start)
            {
                length = space - start;
            }
            yield return sentence.Substring(start, length).Trim();
            start += length;
        }
    }

    /// <summary>The last <paramref name="tokens"/> tokens of <paramref name="text"/>, starting at a word boundary.</summary>
    private static string Tail(string text, int tokens)
    {
        var chars = tokens * 4;
        if (text.Length <= chars)
        {
            return text;
        }
        var start = text.Length - chars;
        var space = text.IndexOf(' ', start);
        return space < 0 ? text[start..] : text[(space + 1)..];
    }
}
