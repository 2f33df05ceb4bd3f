using System.Net;
using System.Net.Http.Headers;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

public sealed class ProblemDetailsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly HttpClient _client = fixture.Host.CreateClient();

    [Fact]
    public async Task MalformedJson_ReturnsBadRequestProblemNamingThePosition()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Json("""{"text": "a", }"""));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("trailing comma", problem.GetProperty("detail").GetString());
        Assert.Equal(14, problem.GetProperty("bytePositionInLine").GetInt64());
        Assert.Equal(0, problem.GetProperty("lineNumber").GetInt64());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task JsonOfTheWrongType_ReturnsBadRequestProblemNamingThePath()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Json("""{"text":"a","count":"many"}"""));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("$.count", problem.GetProperty("jsonPath").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.count", out _));
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task MalformedJson_ReadByTheEndpointItself_ReturnsBadRequestProblem()
    {
        var response = await _client.PostAsync(new Uri("/_test/parse", UriKind.Relative), HttpAssert.Json("""{"text":"a","count":}"""));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("$.count", problem.GetProperty("jsonPath").GetString());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task BadJsonOfTheServersOwn_ReturnsInternalErrorProblem()
    {
        var response = await _client.PostAsync(new Uri("/_test/corrupt-data", UriKind.Relative), HttpAssert.Json("""{"text":"[","count":1}"""));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.False(problem.TryGetProperty("jsonPath", out _));
    }

    [Fact]
    public async Task EmptyBody_ReturnsBadRequestProblem()
    {
        var response = await _client.PostAsync(HttpAssert.Echo, HttpAssert.Json(""));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task WrongContentType_ReturnsUnsupportedMediaTypeProblem()
    {
        var content = new StringContent("""{"text":"a","count":1}""", System.Text.Encoding.UTF8, "text/plain");
        var response = await _client.PostAsync(HttpAssert.Echo, content);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task GetOnPostOnlyRoute_ReturnsMethodNotAllowedProblemWithAllowHeader()
    {
        var response = await _client.GetAsync(HttpAssert.Echo);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Contains("POST", problem.GetProperty("detail").GetString());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task UnknownRoute_ReturnsNotFoundProblem()
    {
        var response = await _client.GetAsync(new Uri("/no/such/route", UriKind.Relative));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("/no/such/route", problem.GetProperty("instance").GetString());
        await HttpAssert.StillServesAsync(_client);
    }

    [Fact]
    public async Task UnknownRoute_WhenClientAcceptsOnlyHtml_StillReturnsProblem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await _client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnhandledException_ReturnsInternalErrorProblemWithoutExceptionText()
    {
        var response = await _client.GetAsync(new Uri("/_test/throw", UriKind.Relative));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        Assert.DoesNotContain("hunter2", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.False(problem.TryGetProperty("exception", out _));
        await HttpAssert.StillServesAsync(_client);
    }
}
