namespace OmniBots.Knowledge.Connectors;

/// <summary><c>Knowledge:Sources</c>: how connectors and the crawler may reach the network.</summary>
internal sealed class ConnectorOptions
{
    public const string Section = "Knowledge:Sources";

    /// <summary>Lets sources reach loopback and private addresses (tests, on-premises peers). Off: a tenant could
    /// otherwise point a source at the platform's own network (SSRF).</summary>
    public bool AllowPrivateNetworks { get; set; }

    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>The longest robots.txt Crawl-delay honoured; longer ones are capped to keep a crawl finite.</summary>
    public int MaxCrawlDelaySeconds { get; set; } = 10;
}
