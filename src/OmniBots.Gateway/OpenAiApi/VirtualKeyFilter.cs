using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Gateway.Keys;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary>
/// The /v1 API's own authentication: <c>Authorization: Bearer obk-…</c>, a usable virtual key (in memory after
/// its first use). The key's tenant becomes the scope's tenant; anything else is OpenAI's 401.
/// </summary>
internal sealed class VirtualKeyFilter(VirtualKeyCache keys) : IEndpointFilter
{
    private const string ItemKey = "omnibots.gateway.virtual-key";

    public static VirtualKey KeyOf(HttpContext context) => (VirtualKey)context.Items[ItemKey]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? await keys.AuthenticateAsync(header[7..], http.RequestAborted) : null;
        var tenant = http.RequestServices.GetRequiredService<ITenantContext>();
        if (key is null || (tenant.TenantId is { } other && other != key.TenantId))
        {
            await OpenAiErrors.WriteAsync(http, 401,
                "Invalid virtual key: pass a key the tenant created under /api/v1/gateway/keys as 'Authorization: Bearer obk-...'. Revoked and expired keys are refused.",
                "invalid_request_error", null, "invalid_api_key", null);
            return Results.Empty;
        }
        tenant.Set(key.TenantId);
        http.Items[ItemKey] = key;
        return await next(context);
    }
}
