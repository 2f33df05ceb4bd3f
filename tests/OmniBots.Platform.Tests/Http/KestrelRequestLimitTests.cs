using System.Net;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>The same error contract over a real socket: Kestrel enforces the limits itself, and
/// the process and the client keep working after each refusal.</summary>
public sealed class KestrelRequestLimitTests(KestrelHostFixture fixture) : IClassFixture<KestrelHostFixture>
{
    private const int TenMegabytes = 10 * 1024 * 1024;
    private readonly HttpClient _client = fixture.Host.CreateClient();

    [Fact]
    public async Task TenMegabyteBody_WithContentLength_ReturnsPayloadTooLargeProblem()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Sized(HttpAssert.LargeJson(TenMegabytes)));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1024 * 1024, problem.GetProperty("maxRequestBodyBytes").GetInt64());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task TenMegabyteBody_Chunked_ReturnsPayloadTooLargeProblem()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Chunked(HttpAssert.LargeJson(TenMegabytes)));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1024 * 1024, problem.GetProperty("maxRequestBodyBytes").GetInt64());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task BodyBeyondTheDrainAllowance_IsCutOff_AndTheHostKeepsServing()
    {
        // 40 MiB is past the 1 MiB limit plus the 16 MiB the server drains: it closes the
        // connection, and the client may see the 413 or only the closed connection.
        HttpResponseMessage? response = null;
        try
        {
            response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Chunked(HttpAssert.LargeJson(40 * 1024 * 1024)));
        }
        catch (HttpRequestException)
        {
        }

        if (response is not null)
        {
            await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        }
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task EndpointThatRaisesTheLimit_AcceptsTenMegabytesChunked()
    {
        var response = await _client.PostAsync(new Uri("/_test/upload", UriKind.Relative), HttpAssert.Chunked(new byte[TenMegabytes]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{TenMegabytes}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MalformedJson_ReturnsBadRequestProblem()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Json("{\"text\":"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task GetOnPostOnlyRoute_ReturnsMethodNotAllowedProblem()
    {
        var response = await _client.GetAsync(HttpAssert.Echo);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task Metrics_ExposeKestrelConnections()
    {
        await HttpAssert.StillServesAsync(_client);

        var text = await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("# TYPE kestrel_active_connections gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_connection_duration_seconds histogram\n", text, StringComparison.Ordinal);
    }
}
