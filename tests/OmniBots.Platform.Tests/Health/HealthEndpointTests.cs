using System.Net;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Health;

public sealed class HealthEndpointTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Live_AnswersOk()
    {
        var response = await fixture.Host.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_WhenDatabaseAnswers_IsOk()
    {
        var response = await fixture.Host.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
