using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Secrets;

internal sealed class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
        // Data Protection refuses lifetimes under a week.
        => options.KeyLifetimeDays is < 7 or > 3650
            ? ValidateOptionsResult.Fail($"Secrets:KeyLifetimeDays must be between 7 and 3650 (was {options.KeyLifetimeDays}).")
            : ValidateOptionsResult.Success;
}
