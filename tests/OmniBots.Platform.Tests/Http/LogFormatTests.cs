using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Console;
using OmniBots.Platform.Http.Logging;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>Which console formatter <c>Logging:Format</c> selects, per environment (hosts in
/// tests always run as Testing, so the Development default is checked here).</summary>
public sealed class LogFormatTests
{
    [Theory]
    [InlineData(null, "Development", ConsoleFormatterNames.Simple)]
    [InlineData("", "Development", ConsoleFormatterNames.Simple)]
    [InlineData(null, "Production", ConsoleFormatterNames.Json)]
    [InlineData(null, "Staging", ConsoleFormatterNames.Json)]
    [InlineData("json", "Development", ConsoleFormatterNames.Json)]
    [InlineData(" Simple ", "Production", ConsoleFormatterNames.Simple)]
    public void Format_SelectsTheFormatter(string? format, string environment, string expected)
        => Assert.Equal(expected, LogFormatOptions.FormatterFor(format, new HostingEnvironment { EnvironmentName = environment }));
}
