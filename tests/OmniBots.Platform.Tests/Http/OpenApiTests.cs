using System.Net;
using System.Text.Json;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

public sealed class OpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly HttpClient _client = fixture.Host.CreateClient();

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await _client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Document_IsOpenApiJsonWithTitleVersionAndPaths()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.Equal("OmniBots API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("v1", document.GetProperty("info").GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Object, document.GetProperty("paths").ValueKind);
        Assert.True(document.GetProperty("paths").TryGetProperty("/_test/echo", out _));
    }

    [Fact]
    public async Task Document_LeavesOutHealthMetricsAndDocs()
    {
        var paths = (await DocumentAsync()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.DoesNotContain(paths, p => p.StartsWith("/health", StringComparison.Ordinal)
            || p.StartsWith("/metrics", StringComparison.Ordinal)
            || p.StartsWith("/docs", StringComparison.Ordinal)
            || p.StartsWith("/openapi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_DescribesErrorsAsProblemDetails()
    {
        var document = await DocumentAsync();

        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        foreach (var member in new[] { "type", "title", "status", "detail", "instance", "traceId", "requestId" })
        {
            Assert.True(schema.GetProperty("properties").TryGetProperty(member, out _), member);
        }
        var responses = document.GetProperty("paths").GetProperty("/_test/echo").GetProperty("post").GetProperty("responses");
        foreach (var range in new[] { "4XX", "5XX" })
        {
            var reference = responses.GetProperty(range).GetProperty("content").GetProperty("application/problem+json")
                .GetProperty("schema").GetProperty("$ref").GetString();
            Assert.Equal("#/components/schemas/ProblemDetails", reference);
        }
    }

    [Fact]
    public async Task DocsPage_AnswersHtml()
    {
        var response = await _client.GetAsync(new Uri("/docs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DocsPage_PointsAtTheOpenApiDocument()
    {
        var response = await _client.GetAsync(new Uri("/docs/index.js", UriKind.Relative));
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/openapi/v1.json", script);
    }
}
