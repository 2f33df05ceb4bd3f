using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Http;

internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    // Below 1 KiB not even a small JSON command fits; above 1 GiB a single request could take a
    // replica's memory and bandwidth for minutes. Endpoints needing more declare it themselves.
    internal const long Minimum = 1024;
    internal const long Maximum = 1024L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRequestBodyBytes is < Minimum or > Maximum)
        {
            errors.Add($"Http:MaxRequestBodyBytes must be between {Minimum} and {Maximum} bytes (was {options.MaxRequestBodyBytes}).");
        }
        if (options.RefusedBodyDrainBytes is < 0 or > Maximum)
        {
            errors.Add($"Http:RefusedBodyDrainBytes must be between 0 and {Maximum} bytes (was {options.RefusedBodyDrainBytes}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
