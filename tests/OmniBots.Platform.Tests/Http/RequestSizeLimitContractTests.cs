using System.Net;
using System.Text.Json;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>
/// The request size limits and their error contract, run against each server the host can have:
/// the in-memory test server, which has no limit of its own so the platform's middleware enforces
/// them (<see cref="RequestSizeLimitTests"/>), and real Kestrel over a socket, which enforces them
/// itself (<see cref="KestrelRequestLimitTests"/>). After each refusal the host keeps serving.
/// </summary>
public abstract class RequestSizeLimitContractTests(OmniBotsHostFactory host)
{
    protected const int TenMegabytes = 10 * 1024 * 1024;

    protected HttpClient Client { get; } = host.CreateClient();

    [Fact]
    public async Task BodyOverEndpointLimit_WithContentLength_ReturnsPayloadTooLargeProblem()
    {
        var response = await Client.PostAsync(HttpAssert.Echo, HttpAssert.Sized(HttpAssert.LargeJson(TenMegabytes)));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1024 * 1024, problem.GetProperty("maxRequestBodyBytes").GetInt64());
        await HttpAssert.StillServesAsync(Client);
    }

    [Fact]
    public async Task BodyOverEndpointLimit_WithoutContentLength_ReturnsPayloadTooLargeProblem()
    {
        var response = await Client.PostAsync(HttpAssert.Echo, HttpAssert.Chunked(HttpAssert.LargeJson(TenMegabytes)));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1024 * 1024, problem.GetProperty("maxRequestBodyBytes").GetInt64());
        await HttpAssert.StillServesAsync(Client);
    }

    [Fact]
    public async Task BodyOverHostDefault_OnEndpointWithoutOwnLimit_ReturnsPayloadTooLargeProblem()
    {
        var response = await Client.PostAsync(new Uri("/_test/bytes", UriKind.Relative), HttpAssert.Chunked(new byte[2 * 1024 * 1024]));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576 bytes", problem.GetProperty("detail").GetString());
        await HttpAssert.StillServesAsync(Client);
    }

    [Fact]
    public async Task BodyUnderHostDefault_IsAccepted()
    {
        var response = await Client.PostAsync(new Uri("/_test/bytes", UriKind.Relative), HttpAssert.Chunked(new byte[1024 * 1024]));

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
        var response = await Client.PostAsync(new Uri("/_test/upload", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TenMegabytes, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("bytes").GetInt64());
    }
}
