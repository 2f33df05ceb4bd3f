using OmniBots.Fakes;
using Xunit;

namespace OmniBots.Platform.Tests.Fakes;

/// <summary>The S3 peer fails loudly, with the install command, rather than letting S3 tests pass unchecked.</summary>
public sealed class MotoServerTests
{
    [Fact]
    public async Task Start_WhenMotoIsNotInstalled_FailsSayingHowToInstallIt()
    {
        var error = await Assert.ThrowsAsync<FakeServiceMissingException>(() => MotoServer.StartAsync("/nonexistent/moto_server", CancellationToken.None));

        Assert.Contains("pip install 'moto[server]'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenTheProgramExitsAtOnce_FailsWithItsOutputAndTheInstallCommand()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MotoServer.StartAsync("/bin/false", CancellationToken.None));

        Assert.Contains("exited at start", error.Message, StringComparison.Ordinal);
        Assert.Contains("pip install 'moto[server]'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ServesS3OnLoopback_AndStopsOnDispose()
    {
        Uri url;
        await using (var moto = await MotoServer.StartAsync())
        {
            url = moto.ServiceUrl;
            Assert.Equal("127.0.0.1", url.Host);
            using var http = new HttpClient();
            Assert.Contains("ListAllMyBucketsResult", await http.GetStringAsync(url), StringComparison.Ordinal);
        }

        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => after.GetStringAsync(url));
    }
}
