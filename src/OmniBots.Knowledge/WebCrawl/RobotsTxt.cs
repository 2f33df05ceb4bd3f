using System.Text.RegularExpressions;

namespace OmniBots.Knowledge.WebCrawl;

/// <summary>
/// robots.txt as RFC 9309 reads it: the group whose User-agent matches our product token (else <c>*</c>); the longest
/// matching Allow/Disallow path wins, Allow on a tie; <c>*</c> and a final <c>$</c> in paths; Crawl-delay (not in the
/// RFC, widely used) in seconds. A missing or unreadable file allows everything.
/// </summary>
internal sealed class RobotsTxt
{
    public const string ProductToken = "omnibotscrawler";
    public static readonly RobotsTxt AllowAll = new([], null);

    private readonly IReadOnlyList<(bool Allow, string Path, Regex Pattern)> _rules;

    private RobotsTxt(IReadOnlyList<(bool Allow, string Path, Regex Pattern)> rules, double? crawlDelaySeconds)
    {
        _rules = rules;
        CrawlDelaySeconds = crawlDelaySeconds;
    }

    public double? CrawlDelaySeconds { get; }

    public bool Allows(Uri url)
    {
        var path = url.PathAndQuery;
        if (path == "/robots.txt")
        {
            return true;
        }
        var best = _rules.Where(rule => rule.Pattern.IsMatch(path))
            .OrderByDescending(rule => rule.Path.Length).ThenByDescending(rule => rule.Allow)
            .Select(rule => (bool?)rule.Allow).FirstOrDefault();
        return best ?? true;
    }

    public static RobotsTxt Parse(string text)
    {
        var groups = new List<Group>();
        Group? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Split('#')[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                // Consecutive User-agent lines share one group.
                if (!lastWasAgent || current is null)
                {
                    current = new Group();
                    groups.Add(current);
                }
                current.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }
            lastWasAgent = false;
            if (current is null)
            {
                continue;
            }
            if (key is "allow" or "disallow" && value.Length > 0)
            {
                current.Rules.Add((key == "allow", value));
            }
            else if (key == "crawl-delay" && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var delay))
            {
                current.Delay = delay;
            }
        }
        var mine = groups.Where(g => g.Agents.Any(agent => agent != "*" && ProductToken.Contains(agent, StringComparison.Ordinal))).ToList();
        if (mine.Count == 0)
        {
            mine = [.. groups.Where(g => g.Agents.Contains("*"))];
        }
        var rules = mine.SelectMany(g => g.Rules).Select(rule => (rule.Allow, rule.Path, ToRegex(rule.Path))).ToList();
        return new RobotsTxt(rules, mine.Select(g => g.Delay).FirstOrDefault(delay => delay is not null));
    }

    private sealed class Group
    {
        public List<string> Agents { get; } = [];
        public List<(bool Allow, string Path)> Rules { get; } = [];
        public double? Delay { get; set; }
    }

    private static Regex ToRegex(string path)
    {
        var anchored = path.EndsWith('$');
        var pattern = Regex.Escape(anchored ? path[..^1] : path).Replace(@"\*", ".*", StringComparison.Ordinal);
        return new Regex("^" + pattern + (anchored ? "$" : ""), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
