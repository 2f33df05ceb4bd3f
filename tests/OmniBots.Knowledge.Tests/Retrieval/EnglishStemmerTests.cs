using OmniBots.Knowledge.Retrieval.Analysis;
using Xunit;

namespace OmniBots.Knowledge.Tests.Retrieval;

/// <summary>Porter2 against the sample vocabulary published with the algorithm (snowballstem.org, english) and its exceptions.</summary>
public sealed class EnglishStemmerTests
{
    [Theory]
    [InlineData("consign", "consign")]
    [InlineData("consigned", "consign")]
    [InlineData("consigning", "consign")]
    [InlineData("consignment", "consign")]
    [InlineData("consist", "consist")]
    [InlineData("consisted", "consist")]
    [InlineData("consistency", "consist")]
    [InlineData("consistent", "consist")]
    [InlineData("consistently", "consist")]
    [InlineData("consisting", "consist")]
    [InlineData("consists", "consist")]
    [InlineData("consolation", "consol")]
    [InlineData("consolations", "consol")]
    [InlineData("consolatory", "consolatori")]
    [InlineData("console", "consol")]
    [InlineData("consoled", "consol")]
    [InlineData("consoles", "consol")]
    [InlineData("consolidate", "consolid")]
    [InlineData("consolidated", "consolid")]
    [InlineData("consolidating", "consolid")]
    [InlineData("consoling", "consol")]
    [InlineData("consolingly", "consol")]
    [InlineData("consols", "consol")]
    [InlineData("consonant", "conson")]
    [InlineData("consort", "consort")]
    [InlineData("conspicuous", "conspicu")]
    [InlineData("conspicuously", "conspicu")]
    [InlineData("conspiracy", "conspiraci")]
    [InlineData("conspirator", "conspir")]
    [InlineData("conspire", "conspir")]
    [InlineData("conspired", "conspir")]
    [InlineData("constable", "constabl")]
    [InlineData("constancy", "constanc")]
    [InlineData("constant", "constant")]
    [InlineData("knack", "knack")]
    [InlineData("knackeries", "knackeri")]
    [InlineData("knaves", "knave")]
    [InlineData("knavish", "knavish")]
    [InlineData("kneaded", "knead")]
    [InlineData("knightly", "knight")]
    [InlineData("knitting", "knit")]
    [InlineData("knives", "knive")]
    [InlineData("knocked", "knock")]
    public void Stems_the_published_sample_vocabulary(string word, string stem) => Assert.Equal(stem, EnglishStemmer.Stem(word));

    [Theory]
    [InlineData("skies", "sky")]
    [InlineData("dying", "die")]
    [InlineData("news", "news")]
    [InlineData("ties", "tie")]
    [InlineData("cries", "cri")]
    [InlineData("generously", "generous")]
    [InlineData("succeed", "succeed")]
    [InlineData("hopping", "hop")]
    [InlineData("caresses", "caress")]
    public void Applies_the_exceptions_and_special_regions(string word, string stem) => Assert.Equal(stem, EnglishStemmer.Stem(word));

    [Fact]
    public void Inflections_customers_type_share_one_stem()
    {
        string[] words = ["charge", "charged", "charges", "charging"];

        var stems = words.Select(EnglishStemmer.Stem).Distinct().ToList();

        Assert.Single(stems);
    }
}
