using System.Net;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>The size limit contract over a real socket, where Kestrel enforces the limits itself,
/// and what only a real server has: cut-off connections, its error paths and its metrics.</summary>
public sealed class KestrelRequestLimitTests(KestrelHostFixture fixture) : RequestSizeLimitContractTests(fixture.Host), IClassFixture<KestrelHostFixture>
{
    [Fact]
    public async Task BodyBeyondTheDrainAllowance_IsCutOff_AndTheHostKeepsServing()
    {
        // 40 MiB is past the 1 MiB limit plus the 16 MiB the server drains: it closes the
        // connection, and the client may see the 413 or only the closed connection.
        HttpResponseMessage? response = null;
        try
        {
            response = await Client.PostAsync(HttpAssert.Echo, HttpAssert.Chunked(HttpAssert.LargeJson(40 * 1024 * 1024)));
        }
        catch (HttpRequestException)
        {
        }

        if (response is not null)
        {
            await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        }
        await HttpAssert.StillServesAsync(Client);
    }

    [Fact]
    public async Task MalformedJson_ReturnsBadRequestProblem()
    {
        var response = await Client.PostAsync(HttpAssert.Echo, HttpAssert.Json("{\"text\":"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        await HttpAssert.StillServesAsync(Client);
    }

    [Fact]
    public async Task GetOnPostOnlyRoute_ReturnsMethodNotAllowedProblem()
    {
        var response = await Client.GetAsync(HttpAssert.Echo);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        await HttpAssert.StillServesAsync(Client);
    }

    [Fact]
    public async Task Metrics_ExposeKestrelConnections()
    {
        await HttpAssert.StillServesAsync(Client);

        var text = await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("# TYPE kestrel_active_connections gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_connection_duration_seconds histogram\n", text, StringComparison.Ordinal);
    }
}
