using OmniBots.Platform.Http.Metrics;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

public sealed class PrometheusTextFormatterTests
{
    private static KeyValuePair<string, string>[] Labels(params (string Name, string Value)[] labels)
        => labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)).ToArray();

    [Fact]
    public void Counter_IsWrittenWithHelpTypeAndLabels()
    {
        var family = new MetricFamily("omnibots_jobs_completed_total", PrometheusType.Counter, "Jobs completed.",
            [new MetricSample(Labels(("queue", "email"), ("outcome", "ok")), 42)]);

        Assert.Equal("""
            # HELP omnibots_jobs_completed_total Jobs completed.
            # TYPE omnibots_jobs_completed_total counter
            omnibots_jobs_completed_total{queue="email",outcome="ok"} 42

            """.Replace("\r\n", "\n", StringComparison.Ordinal), PrometheusTextFormatter.Format([family]));
    }

    [Fact]
    public void Gauge_WithoutLabels_HasNoBraces()
    {
        var family = new MetricFamily("dotnet_assembly_count", PrometheusType.Gauge, "Assemblies.", [new MetricSample([], 158)]);

        Assert.EndsWith("\ndotnet_assembly_count 158\n", PrometheusTextFormatter.Format([family]), StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_assembly_count gauge\n", PrometheusTextFormatter.Format([family]), StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_IsWrittenAsCumulativeBucketsThenSumAndCount()
    {
        var histogram = new HistogramValue([0.1, 1], [1, 2, 1], 3.5, 4);
        var family = new MetricFamily("http_server_request_duration_seconds", PrometheusType.Histogram, "Duration.",
            [new MetricSample(Labels(("http.route", "/a")), 3.5, histogram)]);

        Assert.Equal("""
            # HELP http_server_request_duration_seconds Duration.
            # TYPE http_server_request_duration_seconds histogram
            http_server_request_duration_seconds_bucket{http_route="/a",le="0.1"} 1
            http_server_request_duration_seconds_bucket{http_route="/a",le="1"} 3
            http_server_request_duration_seconds_bucket{http_route="/a",le="+Inf"} 4
            http_server_request_duration_seconds_sum{http_route="/a"} 3.5
            http_server_request_duration_seconds_count{http_route="/a"} 4

            """.Replace("\r\n", "\n", StringComparison.Ordinal), PrometheusTextFormatter.Format([family]));
    }

    [Fact]
    public void LabelValues_EscapeBackslashQuoteAndNewline()
    {
        var family = new MetricFamily("m", PrometheusType.Gauge, "h", [new MetricSample(Labels(("path", "C:\\x \"y\"\nz")), 1)]);

        Assert.Contains("m{path=\"C:\\\\x \\\"y\\\"\\nz\"} 1\n", PrometheusTextFormatter.Format([family]), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_EscapesBackslashAndNewline()
    {
        var family = new MetricFamily("m", PrometheusType.Gauge, "line one\nC:\\dir", []);

        Assert.StartsWith("# HELP m line one\\nC:\\\\dir\n", PrometheusTextFormatter.Format([family]), StringComparison.Ordinal);
    }

    [Fact]
    public void LabelNames_BecomeValidPrometheusNames()
    {
        var family = new MetricFamily("m", PrometheusType.Gauge, "h", [new MetricSample(Labels(("db.client.connection.pool.name", "runtime"), ("2xx", "a")), 1)]);

        Assert.Contains("m{db_client_connection_pool_name=\"runtime\",_2xx=\"a\"} 1\n", PrometheusTextFormatter.Format([family]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.000012, "1.2E-05")]
    [InlineData(1234567.5, "1234567.5")]
    [InlineData(-3, "-3")]
    public void Numbers_UseGoFloatSyntax(double value, string expected)
        => Assert.Equal(expected, PrometheusTextFormatter.Number(value));

    [Theory]
    [InlineData("http.server.request.duration", "s", "Histogram", "http_server_request_duration_seconds")]
    [InlineData("db.client.connection.count", "{connection}", "Gauge", "db_client_connection_count")]
    [InlineData("omnibots.jobs.completed", "{job}", "Counter", "omnibots_jobs_completed_total")]
    [InlineData("omnibots.jobs.queue.lag", "s", "Gauge", "omnibots_jobs_queue_lag_seconds")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", "Counter", "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("db.client.operation.npgsql.bytes_read", "By", "Counter", "db_client_operation_npgsql_bytes_read_total")]
    [InlineData("network.throughput", "By/s", "Gauge", "network_throughput_bytes_per_second")]
    [InlineData("requests", "{request}/s", "Gauge", "requests_per_second")]
    [InlineData("cache.usage", "1", "Gauge", "cache_usage_ratio")]
    [InlineData("cache.hit_ratio", "1", "Gauge", "cache_hit_ratio")]
    [InlineData("requests.total", null, "Counter", "requests_total")]
    [InlineData("requests.total", "By", "Counter", "requests_bytes_total")]
    [InlineData("kestrel.active-connections..now", "", "Gauge", "kestrel_active_connections_now")]
    [InlineData("2xx.responses", null, "Gauge", "_2xx_responses")]
    public void InstrumentNames_FollowOpenTelemetryPrometheusRules(string instrument, string? unit, string type, string expected)
        => Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, Enum.Parse<PrometheusType>(type)));
}
