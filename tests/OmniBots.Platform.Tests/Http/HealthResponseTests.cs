using System.Net;
using System.Text.Json;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

public sealed class HealthResponseTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private async Task<JsonElement> GetAsync(string path)
    {
        var response = await fixture.Host.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Ready_AnswersJsonWithEachCheck()
    {
        var health = await GetAsync("/health/ready");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var database = Assert.Single(health.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", database.GetProperty("name").GetString());
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.True(database.GetProperty("durationMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task Live_AnswersJsonWithoutChecks()
    {
        var health = await GetAsync("/health/live");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Empty(health.GetProperty("checks").EnumerateArray());
    }
}
