using System.Net;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

public sealed class RequestIdTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Header = "X-Request-Id";
    private readonly HttpClient _client = fixture.Host.CreateClient();

    private async Task<HttpResponseMessage> GetAsync(string path, params string[] requestIds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (requestIds.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(Header, requestIds);
        }
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Response_WithoutSuppliedId_CarriesAGeneratedOne()
    {
        var first = (await GetAsync("/health/live")).Headers.GetValues(Header).Single();
        var second = (await GetAsync("/health/live")).Headers.GetValues(Header).Single();

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("abc-123_x.y")]
    [InlineData("0198c3b2-f1e4-7c2a-9d4e-5f60718293a4")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task SuppliedValidId_IsEchoed(string requestId)
    {
        var response = await GetAsync("/health/live", requestId);

        Assert.Equal(requestId, response.Headers.GetValues(Header).Single());
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("<script>")]
    [InlineData("line\\nbreak")]
    public async Task SuppliedInvalidId_IsReplaced(string requestId)
    {
        var echoed = (await GetAsync("/health/live", requestId)).Headers.GetValues(Header).Single();

        Assert.NotEqual(requestId, echoed);
        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Fact]
    public async Task TwoSuppliedIds_AreReplacedByOne()
    {
        var echoed = (await GetAsync("/health/live", "first", "second")).Headers.GetValues(Header).Single();

        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Fact]
    public async Task ErrorResponse_CarriesTheSuppliedIdInHeaderAndProblem()
    {
        var response = await GetAsync("/_test/throw", "incident-42");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("incident-42", response.Headers.GetValues(Header).Single());
        Assert.Equal("incident-42", problem.GetProperty("requestId").GetString());
    }
}
