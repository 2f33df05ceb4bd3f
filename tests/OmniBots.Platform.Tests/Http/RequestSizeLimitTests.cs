using System.Net;
using System.Text.Json;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>Limits on the in-memory test server, which has no limit of its own: the platform's
/// middleware enforces them. <see cref="KestrelRequestLimitTests"/> covers the real server.</summary>
public sealed class RequestSizeLimitTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const int TenMegabytes = 10 * 1024 * 1024;
    private readonly HttpClient _client = fixture.Host.CreateClient();

    [Fact]
    public async Task BodyOverEndpointLimit_WithContentLength_ReturnsPayloadTooLargeProblem()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Sized(HttpAssert.LargeJson(TenMegabytes)));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1024 * 1024, problem.GetProperty("maxRequestBodyBytes").GetInt64());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task BodyOverEndpointLimit_WithoutContentLength_ReturnsPayloadTooLargeProblem()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Chunked(HttpAssert.LargeJson(TenMegabytes)));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1024 * 1024, problem.GetProperty("maxRequestBodyBytes").GetInt64());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task BodyOverHostDefault_OnEndpointWithoutOwnLimit_ReturnsPayloadTooLargeProblem()
    {
        var response = await _client.PostAsync(new Uri("/_test/bytes", UriKind.Relative), HttpAssert.Chunked(new byte[2 * 1024 * 1024]));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576 bytes", problem.GetProperty("detail").GetString());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task BodyUnderHostDefault_IsAccepted()
    {
        var response = await _client.PostAsync(new Uri("/_test/bytes", UriKind.Relative), HttpAssert.Chunked(new byte[1024 * 1024]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1024 * 1024, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("bytes").GetInt64());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EndpointThatRaisesTheLimit_AcceptsBodyOverHostDefault(bool withContentLength)
    {
        var body = new byte[TenMegabytes];
        var content = withContentLength ? HttpAssert.Sized(body) : HttpAssert.Chunked(body);
        var response = await _client.PostAsync(new Uri("/_test/upload", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TenMegabytes, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("bytes").GetInt64());
    }
}
