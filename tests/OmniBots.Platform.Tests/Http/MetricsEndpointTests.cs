using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

public sealed partial class MetricsEndpointTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly HttpClient _client = fixture.Host.CreateClient();

    private async Task<string> ScrapeAsync()
    {
        var response = await _client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task AfterRequests_ExposesRequestDurationHistogramWithRouteAndStatus()
    {
        await HttpAssert.StillServesAsync(_client);
        await _client.GetAsync(new Uri("/no/such/route", UriKind.Relative));

        var text = await ScrapeAsync();

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Matches(Series("http_server_request_duration_seconds_bucket", "http_request_method=\"POST\"", "http_response_status_code=\"200\"",
            "http_route=\"/_test/echo\"", "le=\"\\+Inf\""), text);
        Assert.Matches(Series("http_server_request_duration_seconds_count", "http_request_method=\"POST\"", "http_response_status_code=\"200\"",
            "http_route=\"/_test/echo\""), text);
        Assert.Matches(Series("http_server_request_duration_seconds_sum", "http_response_status_code=\"200\"", "http_route=\"/_test/echo\""), text);
        Assert.Matches(Series("http_server_request_duration_seconds_count", "http_request_method=\"GET\"", "http_response_status_code=\"404\""), text);
    }

    [Fact]
    public async Task Scrapes_AreNotCountedAsRequests()
    {
        await ScrapeAsync();

        Assert.DoesNotContain("http_route=\"/metrics\"", await ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExposesNpgsqlPoolSeries()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        var text = await ScrapeAsync();

        Assert.Contains("# TYPE db_client_connection_count gauge\n", text, StringComparison.Ordinal);
        Assert.Matches(Series("db_client_connection_count", "db_client_connection_pool_name=\"runtime\"", "db_client_connection_state=\"idle\""), text);
        Assert.Matches(Series("db_client_connection_count", "db_client_connection_pool_name=\"runtime\"", "db_client_connection_state=\"used\""), text);
        Assert.Contains("db_client_connection_max{db_client_connection_pool_name=\"runtime\"} 50\n", text, StringComparison.Ordinal);
        Assert.Matches(Series("db_client_operation_duration_seconds_count", "db_client_connection_pool_name=\"runtime\""), text);
    }

    [Fact]
    public async Task ModuleMeters_RenderCountersHistogramsAndObservableGaugesWithTags()
    {
        // What a module such as Jobs does: a meter from the host's factory, instruments tagged by queue.
        var meter = fixture.Host.Services.GetRequiredService<IMeterFactory>().Create("OmniBots.Tests.Jobs");
        var queue = new KeyValuePair<string, object?>("queue", "email");
        meter.CreateCounter<long>("omnibots.tests.jobs.completed", "{job}", "Jobs completed.").Add(3, queue);
        meter.CreateUpDownCounter<long>("omnibots.tests.jobs.running", "{job}").Add(2, queue);
        meter.CreateHistogram<double>("omnibots.tests.jobs.duration", "s").Record(0.2, queue);
        meter.CreateObservableGauge("omnibots.tests.jobs.queue.depth", () => new Measurement<long>(7, queue), "{job}");
        meter.CreateObservableGauge("omnibots.tests.jobs.queue.lag", () => new Measurement<double>(1.5, queue), "s");

        var text = await ScrapeAsync();

        Assert.Contains("# HELP omnibots_tests_jobs_completed_total Jobs completed.\n# TYPE omnibots_tests_jobs_completed_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("omnibots_tests_jobs_completed_total{queue=\"email\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("omnibots_tests_jobs_running{queue=\"email\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("omnibots_tests_jobs_duration_seconds_bucket{queue=\"email\",le=\"0.25\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("omnibots_tests_jobs_duration_seconds_count{queue=\"email\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE omnibots_tests_jobs_queue_depth gauge\nomnibots_tests_jobs_queue_depth{queue=\"email\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE omnibots_tests_jobs_queue_lag_seconds gauge\nomnibots_tests_jobs_queue_lag_seconds{queue=\"email\"} 1.5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exposition_IsWellFormed()
    {
        await HttpAssert.StillServesAsync(_client);
        var lines = (await ScrapeAsync()).Split('\n');

        Assert.Equal("", lines[^1]);
        var families = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines[..^1])
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.True(families.Add(line.Split(' ')[2]), $"Family declared twice: {line}");
            }
            else if (!line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(SampleLine(), line);
            }
        }
        Assert.Contains("http_server_request_duration_seconds", families);
    }

    /// <summary>A series line with the given labels among others, in any position.</summary>
    private static Regex Series(string name, params string[] labels)
        => new($"(?m)^{Regex.Escape(name)}\\{{{string.Concat(labels.Select(l => $"(?=[^}}]*{l})"))}[^}}]*\\}} [0-9.eE+-]+$");

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.]+([eE][-+]?[0-9]+)?|[+-]Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
