using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace OmniBots.Platform.Http.Logging;

/// <summary>Setting <c>Logging:Format</c>: <c>json</c> (one JSON object per line, with scopes) or
/// <c>simple</c> (human-readable). Unset: simple in Development, json everywhere else, because
/// log collectors parse JSON and people read text.</summary>
internal sealed class LogFormatOptions
{
    public const string Section = "Logging";
    public const string Json = "json";
    public const string Simple = "simple";

    public string? Format { get; set; }

    /// <summary>The console formatter to use; an invalid value falls back to json here and fails start-up validation.</summary>
    internal static string FormatterFor(string? format, IHostEnvironment environment) => format?.Trim().ToLowerInvariant() switch
    {
        Simple => ConsoleFormatterNames.Simple,
        Json => ConsoleFormatterNames.Json,
        _ when string.IsNullOrWhiteSpace(format) && environment.IsDevelopment() => ConsoleFormatterNames.Simple,
        _ => ConsoleFormatterNames.Json,
    };
}
