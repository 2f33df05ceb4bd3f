using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

public sealed class LoggingTests(LoggingTests.Fixture fixture) : IClassFixture<LoggingTests.Fixture>
{
    public sealed class Fixture : HostFixture
    {
        protected override HostSettings Settings => new()
        {
            Services = services => services.AddSingleton<ILoggerProvider>(provider => new CapturedLogs(provider)),
        };

        public CapturedLogs Logs => Host.Services.GetServices<ILoggerProvider>().OfType<CapturedLogs>().Single();
    }

    [Fact]
    public void ConsoleFormat_OutsideDevelopment_IsJsonWithScopes()
    {
        var services = fixture.Host.Services;

        Assert.Equal(ConsoleFormatterNames.Json, services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.True(services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }

    [Fact]
    public async Task ErrorLoggedDuringARequest_IsJsonWithTheRequestIdInScope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_test/throw");
        request.Headers.Add("X-Request-Id", "log-scope-check");
        var response = await fixture.Host.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);

        var line = fixture.Logs.Lines.Single(l => l.GetProperty("LogLevel").GetString() == "Error"
            && Scopes(l).Any(s => s.TryGetProperty("RequestId", out var id) && id.GetString() == "log-scope-check"));
        Assert.Contains("PlatformExceptionHandler", line.GetProperty("Category").GetString());
        // One request id per line: ASP.NET Core's own request scope carries ours, not the server's.
        var ids = Scopes(line).Where(s => s.TryGetProperty("RequestId", out _)).Select(s => s.GetProperty("RequestId").GetString());
        Assert.Equal(["log-scope-check"], ids);
        Assert.Contains("hunter2", line.GetProperty("Exception").GetString());
    }

    private static List<JsonElement> Scopes(JsonElement line)
        => line.TryGetProperty("Scopes", out var scopes) ? [.. scopes.EnumerateArray()] : [];
}
