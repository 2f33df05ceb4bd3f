using Microsoft.Extensions.Options;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Turns;

/// <summary>Validates the <c>Runtime</c> section at start: messages name the setting (<see cref="ExecutorOptions.Validate"/>).</summary>
internal sealed class RuntimeOptionsValidator : IValidateOptions<ExecutorOptions>
{
    public const string Section = "Runtime";

    public ValidateOptionsResult Validate(string? name, ExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.FallbackMessage))
        {
            return ValidateOptionsResult.Fail("Runtime:FallbackMessage must not be empty.");
        }
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
