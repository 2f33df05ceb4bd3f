using System.Collections.Frozen;

namespace OmniBots.Knowledge.Retrieval.Analysis;

/// <summary>
/// The Snowball English ("Porter2") stemmer, as published at snowballstem.org/algorithms/english/stemmer.html.
/// Input is one lower-case word; output its stem ("consolidating" → "consolid", "knightly" → "knight").
/// Steps follow the published algorithm: in each step the longest matching suffix is chosen first and
/// only then its condition checked (a shorter suffix is not tried when the longest one's condition fails).
/// </summary>
internal static class EnglishStemmer
{
    private static readonly FrozenDictionary<string, string> Exceptions1 = new Dictionary<string, string>
    {
        ["skis"] = "ski", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["idly"] = "idl", ["gently"] = "gentl", ["ugly"] = "ugli", ["early"] = "earli", ["only"] = "onli",
        ["singly"] = "singl", ["sky"] = "sky", ["news"] = "news", ["howe"] = "howe", ["atlas"] = "atlas",
        ["cosmos"] = "cosmos", ["bias"] = "bias", ["andes"] = "andes",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Exceptions2 = new[]
    {
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] Step2Suffixes =
    [
        "ization", "ational", "fulness", "ousness", "iveness", "tional", "biliti", "lessli", "entli", "ation",
        "alism", "aliti", "ousli", "iviti", "fulli", "enci", "anci", "abli", "izer", "ator", "alli", "bli", "ogi", "li",
    ];

    private static readonly string[] Step3Suffixes = ["ational", "tional", "alize", "icate", "iciti", "ative", "ical", "ness", "ful"];

    private static readonly string[] Step4Suffixes =
    [
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic",
    ];

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2)
        {
            return word;
        }
        if (Exceptions1.TryGetValue(word, out var exception))
        {
            return exception;
        }
        var w = new Word(word.StartsWith('\'') ? word[1..] : word);
        w.MarkConsonantYs();
        w.ComputeRegions();
        Step0(w);
        Step1A(w);
        if (Exceptions2.Contains(w.ToString()))
        {
            return w.ToString();
        }
        Step1B(w);
        Step1C(w);
        Step2(w);
        Step3(w);
        Step4(w);
        Step5(w);
        return w.ToString().Replace('Y', 'y');
    }

    private static void Step0(Word w)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["'s'", "'s", "'"])
        {
            if (w.EndsWith(suffix))
            {
                w.Truncate(suffix.Length);
                return;
            }
        }
    }

    private static void Step1A(Word w)
    {
        if (w.EndsWith("sses"))
        {
            w.Truncate(2);
        }
        else if (w.EndsWith("ied") || w.EndsWith("ies"))
        {
            // "ties" → "tie", "cries" → "cri": replace by i when more than one letter precedes.
            w.Replace(3, w.Length > 4 ? "i" : "ie");
        }
        else if (w.EndsWith("us") || w.EndsWith("ss"))
        {
            return;
        }
        else if (w.EndsWith('s') && w.ContainsVowel(0, w.Length - 2))
        {
            w.Truncate(1);
        }
    }

    private static void Step1B(Word w)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["eedly", "ingly", "edly", "eed", "ing", "ed"])
        {
            if (!w.EndsWith(suffix))
            {
                continue;
            }
            if (suffix is "eed" or "eedly")
            {
                if (w.InR1(suffix.Length))
                {
                    w.Replace(suffix.Length, "ee");
                }
                return;
            }
            if (!w.ContainsVowel(0, w.Length - suffix.Length))
            {
                return;
            }
            w.Truncate(suffix.Length);
            if (w.EndsWith("at") || w.EndsWith("bl") || w.EndsWith("iz"))
            {
                w.Append("e");
            }
            else if (w.EndsWithDouble())
            {
                w.Truncate(1);
            }
            else if (w.IsShort())
            {
                w.Append("e");
            }
            return;
        }
    }

    private static void Step1C(Word w)
    {
        if (w.Length > 2 && (w.EndsWith('y') || w.EndsWith('Y')) && !Word.IsVowel(w[w.Length - 2]))
        {
            w.Replace(1, "i");
        }
    }

    private static void Step2(Word w)
    {
        var suffix = Longest(w, Step2Suffixes);
        if (suffix is null || !w.InR1(suffix.Length))
        {
            return;
        }
        switch (suffix)
        {
            case "tional": w.Replace(6, "tion"); break;
            case "enci": w.Replace(4, "ence"); break;
            case "anci": w.Replace(4, "ance"); break;
            case "abli": w.Replace(4, "able"); break;
            case "entli": w.Replace(5, "ent"); break;
            case "izer": case "ization": w.Replace(suffix.Length, "ize"); break;
            case "ational": case "ation": case "ator": w.Replace(suffix.Length, "ate"); break;
            case "alism": case "aliti": case "alli": w.Replace(suffix.Length, "al"); break;
            case "fulness": w.Replace(7, "ful"); break;
            case "ousli": case "ousness": w.Replace(suffix.Length, "ous"); break;
            case "iveness": case "iviti": w.Replace(suffix.Length, "ive"); break;
            case "biliti": case "bli": w.Replace(suffix.Length, "ble"); break;
            case "ogi" when w.Length > 3 && w[w.Length - 4] == 'l': w.Replace(3, "og"); break;
            case "fulli": w.Replace(5, "ful"); break;
            case "lessli": w.Replace(6, "less"); break;
            case "li" when w.Length > 2 && "cdeghkmnrt".Contains(w[w.Length - 3], StringComparison.Ordinal): w.Truncate(2); break;
            default: break;
        }
    }

    private static void Step3(Word w)
    {
        var suffix = Longest(w, Step3Suffixes);
        if (suffix is null || !w.InR1(suffix.Length))
        {
            return;
        }
        switch (suffix)
        {
            case "tional": w.Replace(6, "tion"); break;
            case "ational": w.Replace(7, "ate"); break;
            case "alize": w.Replace(5, "al"); break;
            case "icate": case "iciti": case "ical": w.Replace(suffix.Length, "ic"); break;
            case "ful": case "ness": w.Truncate(suffix.Length); break;
            case "ative" when w.InR2(5): w.Truncate(5); break;
            default: break;
        }
    }

    private static void Step4(Word w)
    {
        var suffix = Longest(w, Step4Suffixes);
        if (suffix is null || !w.InR2(suffix.Length))
        {
            return;
        }
        if (suffix == "ion")
        {
            if (w.Length > 3 && w[w.Length - 4] is 's' or 't')
            {
                w.Truncate(3);
            }
            return;
        }
        w.Truncate(suffix.Length);
    }

    private static void Step5(Word w)
    {
        if (w.EndsWith('e'))
        {
            if (w.InR2(1) || (w.InR1(1) && !w.EndsWithShortSyllable(w.Length - 1)))
            {
                w.Truncate(1);
            }
        }
        else if (w.EndsWith('l') && w.InR2(1) && w.Length > 1 && w[w.Length - 2] == 'l')
        {
            w.Truncate(1);
        }
    }

    private static string? Longest(Word w, string[] suffixesLongestFirst)
    {
        foreach (var suffix in suffixesLongestFirst)
        {
            if (w.EndsWith(suffix))
            {
                return suffix;
            }
        }
        return null;
    }
}
