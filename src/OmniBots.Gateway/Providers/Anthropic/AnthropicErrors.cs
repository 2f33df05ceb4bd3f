using System.Text.Json;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>
/// Anthropic's error body is <c>{"type":"error","error":{"type":"...","message":"..."}}</c>. The kind follows the
/// HTTP status (what Anthropic documents per status), falling back to the error type when the status is unusual.
/// </summary>
internal static class AnthropicErrors
{
    public static LlmProviderException FromResponse(HttpResponseMessage response, string body, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        var (type, detail) = Read(body);
        var message = $"Anthropic answered {status} {type ?? "(no error type)"}: {detail ?? response.ReasonPhrase}";
        return new LlmProviderException(KindOf(type, status), message) { StatusCode = status, RetryAfter = RetryAfter.From(response, time) };
    }

    /// <summary>From the HTTP status when there is one, else (stream error events) from the error type.</summary>
    public static LlmErrorKind KindOf(string? errorType, int? status) => status switch
    {
        400 or 404 or 409 or 413 => LlmErrorKind.BadRequest,
        // 402 billing_error: the account behind this key cannot pay; like a bad key, another endpoint may serve.
        401 or 402 or 403 => LlmErrorKind.Unauthorized,
        429 => LlmErrorKind.RateLimited,
        408 or 504 => LlmErrorKind.Timeout,
        // 500 api_error, 529 overloaded_error and any proxy 5xx.
        >= 500 => LlmErrorKind.ServerError,
        not null when errorType is null => LlmErrorKind.BadRequest,
        _ => errorType switch
        {
            "invalid_request_error" or "not_found_error" or "request_too_large" => LlmErrorKind.BadRequest,
            "authentication_error" or "permission_error" or "billing_error" => LlmErrorKind.Unauthorized,
            "rate_limit_error" => LlmErrorKind.RateLimited,
            "timeout_error" => LlmErrorKind.Timeout,
            // api_error, overloaded_error and types added later.
            _ => LlmErrorKind.ServerError,
        },
    };

    private static (string? Type, string? Message) Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (
                    error.TryGetProperty("type", out var type) ? type.GetString() : null,
                    error.TryGetProperty("message", out var message) ? message.GetString() : null);
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML page or an empty body: the status alone decides.
        }
        return (null, null);
    }
}
