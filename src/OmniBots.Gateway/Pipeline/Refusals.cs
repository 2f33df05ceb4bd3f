using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Pipeline;

/// <summary>
/// Marks the exceptions the gateway itself raises (key, limit, budget), so the /v1 API can tell "your virtual
/// key is revoked" (401) from "the provider refused our credentials" (502) although both are Unauthorized.
/// </summary>
internal static class Refusals
{
    private const string Marker = "omnibots.gateway.refusal";

    public static LlmProviderException Refuse(LlmErrorKind kind, string message, int status, TimeSpan? retryAfter = null)
    {
        var error = new LlmProviderException(kind, message) { StatusCode = status, RetryAfter = retryAfter };
        error.Data[Marker] = true;
        return error;
    }

    public static bool IsRefusal(this LlmProviderException error) => error.Data.Contains(Marker);
}
