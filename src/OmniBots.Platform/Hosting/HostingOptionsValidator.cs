using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Hosting;

internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        HostingOptions.ParseRoles(options.Roles ?? "", out var error);
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }
}
