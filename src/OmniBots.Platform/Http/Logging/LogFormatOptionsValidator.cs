using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Http.Logging;

internal sealed class LogFormatOptionsValidator : IValidateOptions<LogFormatOptions>
{
    public ValidateOptionsResult Validate(string? name, LogFormatOptions options)
        => string.IsNullOrWhiteSpace(options.Format) || options.Format.Trim().ToLowerInvariant() is LogFormatOptions.Json or LogFormatOptions.Simple
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Logging:Format must be 'json' or 'simple' (was '{options.Format}').");
}
