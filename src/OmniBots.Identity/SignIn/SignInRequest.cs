using System.Text.RegularExpressions;

namespace OmniBots.Identity.SignIn;

/// <param name="Tenant">The tenant's slug; null for platform staff.</param>
/// <param name="Mode"><c>cookie</c> for the portals, <c>token</c> for API clients.</param>
internal sealed record SignInRequest(string? Tenant, string? Email, string? Password, string? Mode);

internal sealed record ValidSignIn(string? TenantSlug, string Email, string Password, string Mode);

internal static partial class SignInValidation
{
    public static (ValidSignIn? Request, Dictionary<string, string[]> Errors) Validate(SignInRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var tenant = string.IsNullOrWhiteSpace(request.Tenant) ? null : request.Tenant.Trim().ToLowerInvariant();
        if (tenant is not null && !Slug().IsMatch(tenant))
        {
            errors["tenant"] = ["Not a tenant slug: 2-63 lower-case letters, digits and '-'."];
        }
        var email = request.Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            errors["email"] = ["An email address is required."];
        }
        else if (!EmailAddress.IsValid(email))
        {
            errors["email"] = ["Not an email address."];
        }
        var password = request.Password ?? "";
        if (password.Length == 0)
        {
            errors["password"] = ["A password is required."];
        }
        else if (password.Length > PasswordRules.MaxLength)
        {
            errors["password"] = [$"At most {PasswordRules.MaxLength} characters."];
        }
        if (request.Mode is not (SignInModes.Cookie or SignInModes.Token))
        {
            errors["mode"] = [$"Use '{SignInModes.Cookie}' (portal session cookie) or '{SignInModes.Token}' (access and refresh tokens)."];
        }
        return errors.Count > 0 ? (null, errors) : (new ValidSignIn(tenant, email, password, request.Mode!), errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex Slug();
}
