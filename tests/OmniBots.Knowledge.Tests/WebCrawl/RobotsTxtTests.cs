using OmniBots.Knowledge.WebCrawl;
using Xunit;

namespace OmniBots.Knowledge.Tests.WebCrawl;

public sealed class RobotsTxtTests
{
    private static readonly Uri Site = new("https://example.test/");

    [Fact]
    public void The_longest_matching_rule_wins_and_allow_wins_a_tie()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /private\nAllow: /private/public\nDisallow: /tie\nAllow: /tie\n");

        Assert.False(robots.Allows(new Uri(Site, "/private/x")));
        Assert.True(robots.Allows(new Uri(Site, "/private/public/page")));
        Assert.True(robots.Allows(new Uri(Site, "/tie")));
        Assert.True(robots.Allows(new Uri(Site, "/open")));
    }

    [Fact]
    public void Our_own_group_replaces_the_star_group()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /\n\nUser-agent: OmniBotsCrawler\nUser-agent: other\nDisallow: /mine\nCrawl-delay: 3\n");

        Assert.True(robots.Allows(new Uri(Site, "/page")));
        Assert.False(robots.Allows(new Uri(Site, "/mine/x")));
        Assert.Equal(3, robots.CrawlDelaySeconds);
    }

    [Fact]
    public void Wildcards_and_end_anchors_match_as_rfc_9309_says()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/x\n");

        Assert.False(robots.Allows(new Uri(Site, "/docs/a.pdf")));
        Assert.True(robots.Allows(new Uri(Site, "/docs/a.pdf?download=1")));
        Assert.False(robots.Allows(new Uri(Site, "/tmp123/x")));
    }

    [Fact]
    public void Robots_txt_itself_and_an_empty_file_allow_everything()
    {
        Assert.True(RobotsTxt.Parse("User-agent: *\nDisallow: /\n").Allows(new Uri(Site, "/robots.txt")));
        Assert.True(RobotsTxt.Parse("").Allows(new Uri(Site, "/anything")));
    }
}
