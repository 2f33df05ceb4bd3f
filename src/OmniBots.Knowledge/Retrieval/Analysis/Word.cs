using System.Text;

namespace OmniBots.Knowledge.Retrieval.Analysis;

/// <summary>The stemmer's working word: a mutable buffer with the regions R1 and R2 of the Snowball definitions.</summary>
internal sealed class Word(string text)
{
    private static readonly string[] R1Prefixes = ["gener", "commun", "arsen"];

    private readonly StringBuilder buffer = new(text);
    private int r1;
    private int r2;

    public int Length => buffer.Length;

    public char this[int index] => buffer[index];

    /// <summary>Vowels are a e i o u y; a 'Y' (marked consonant y) is not.</summary>
    public static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    public void MarkConsonantYs()
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] == 'y' && (i == 0 || IsVowel(buffer[i - 1])))
            {
                buffer[i] = 'Y';
            }
        }
    }

    /// <summary>R1: the region after the first non-vowel following a vowel (or after gener/commun/arsen); R2: the same inside R1.</summary>
    public void ComputeRegions()
    {
        var value = buffer.ToString();
        var prefix = Array.Find(R1Prefixes, p => value.StartsWith(p, StringComparison.Ordinal));
        r1 = prefix?.Length ?? RegionAfter(0);
        r2 = RegionAfter(r1);
    }

    public bool InR1(int suffixLength) => Length - suffixLength >= r1;

    public bool InR2(int suffixLength) => Length - suffixLength >= r2;

    public bool EndsWith(string suffix)
    {
        if (suffix.Length > buffer.Length)
        {
            return false;
        }
        var offset = buffer.Length - suffix.Length;
        for (var i = 0; i < suffix.Length; i++)
        {
            if (buffer[offset + i] != suffix[i])
            {
                return false;
            }
        }
        return true;
    }

    public bool EndsWith(char c) => buffer.Length > 0 && buffer[^1] == c;

    public bool ContainsVowel(int start, int endExclusive)
    {
        for (var i = start; i < endExclusive; i++)
        {
            if (IsVowel(buffer[i]))
            {
                return true;
            }
        }
        return false;
    }

    public bool EndsWithDouble() =>
        buffer.Length >= 2 && buffer[^1] == buffer[^2] && buffer[^1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't';

    /// <summary>A short syllable ends at <paramref name="end"/>: vowel + non-vowel (not w, x, Y) after a non-vowel, or vowel + non-vowel at the start.</summary>
    public bool EndsWithShortSyllable(int end)
    {
        if (end == 2)
        {
            return IsVowel(buffer[0]) && !IsVowel(buffer[1]);
        }
        return end >= 3
            && !IsVowel(buffer[end - 3])
            && IsVowel(buffer[end - 2])
            && !IsVowel(buffer[end - 1]) && buffer[end - 1] is not ('w' or 'x' or 'Y');
    }

    /// <summary>Short: ends in a short syllable and R1 is empty.</summary>
    public bool IsShort() => r1 >= Length && EndsWithShortSyllable(Length);

    public void Truncate(int count) => buffer.Length -= count;

    public void Replace(int suffixLength, string replacement)
    {
        buffer.Length -= suffixLength;
        buffer.Append(replacement);
    }

    public void Append(string text) => buffer.Append(text);

    public override string ToString() => buffer.ToString();

    private int RegionAfter(int start)
    {
        for (var i = start + 1; i < buffer.Length; i++)
        {
            if (!IsVowel(buffer[i]) && IsVowel(buffer[i - 1]))
            {
                return i + 1;
            }
        }
        return buffer.Length;
    }
}
