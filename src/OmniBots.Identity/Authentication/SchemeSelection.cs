using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniBots.Identity.ApiKeys;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Access;

namespace OmniBots.Identity.Authentication;

/// <summary>
/// The default scheme forwards each request to one real scheme, chosen from what the request
/// carries: a bearer token, an API key, or else the portal cookie. In the Testing environment
/// (when the platform registered its header scheme) requests with <c>X-Test-*</c> headers go to it.
/// </summary>
internal sealed class SchemeSelection(IOptions<AuthenticationOptions> authentication) : IConfigureNamedOptions<PolicySchemeOptions>
{
    public void Configure(string? name, PolicySchemeOptions options)
    {
        if (name != IdentitySchemes.Default)
        {
            return;
        }
        var trustTestHeaders = authentication.Value.SchemeMap.ContainsKey(TestHeadersScheme.Name);
        options.ForwardDefaultSelector = context => Select(context.Request, trustTestHeaders);
    }

    public void Configure(PolicySchemeOptions options) => Configure(Options.DefaultName, options);

    internal static string Select(HttpRequest request, bool trustTestHeaders)
    {
        if (trustTestHeaders && TestHeadersScheme.IsUsedBy(request))
        {
            return TestHeadersScheme.Name;
        }
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return IdentitySchemes.Bearer;
        }
        if (authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase) || request.Headers.ContainsKey(ApiKeyHandler.Header))
        {
            return IdentitySchemes.ApiKey;
        }
        return IdentitySchemes.Cookie;
    }
}
