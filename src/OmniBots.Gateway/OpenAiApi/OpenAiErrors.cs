using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Pipeline;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary>
/// Errors in OpenAI's shape <c>{"error":{"message","type","param","code"}}</c>, with the statuses OpenAI's
/// clients expect: 400 invalid request (param named), 401 invalid key, 403 model not allowed for the key,
/// 404 unknown model, 402 budget spent (not 429: clients retry 429, and a spent budget does not recover in
/// seconds), 429 rate limit with <c>Retry-After</c>, 502 upstream failure, 504 upstream timeout.
/// </summary>
internal static class OpenAiErrors
{
    public static Task WriteAsync(HttpContext context, OpenAiApiException error)
        => WriteAsync(context, error.Status, error.Message, error.Type, error.Param, error.Code, null);

    public static Task WriteAsync(HttpContext context, LlmProviderException error)
    {
        var (status, type, code) = error.Kind switch
        {
            LlmErrorKind.BadRequest => (400, "invalid_request_error", (string?)null),
            LlmErrorKind.Unauthorized when error.IsRefusal() => (401, "invalid_request_error", "invalid_api_key"),
            LlmErrorKind.Unauthorized => (502, "api_error", "upstream_unauthorized"),
            LlmErrorKind.RateLimited => (429, "requests", "rate_limit_exceeded"),
            LlmErrorKind.BudgetExceeded => (402, "insufficient_quota", "budget_exceeded"),
            LlmErrorKind.ModelNotAvailable when error.IsRefusal() => (403, "invalid_request_error", "model_not_allowed"),
            LlmErrorKind.ModelNotAvailable => (404, "invalid_request_error", "model_not_found"),
            LlmErrorKind.Timeout => (504, "api_error", "upstream_timeout"),
            _ => (502, "api_error", "upstream_error"),
        };
        var param = error.Kind is LlmErrorKind.ModelNotAvailable ? "model" : null;
        return WriteAsync(context, status, error.Message, type, param, code, error.Kind == LlmErrorKind.RateLimited ? error.RetryAfter : null);
    }

    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? param, string? code, TimeSpan? retryAfter)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        json.WriteString("param", param);
        json.WriteString("code", code);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
