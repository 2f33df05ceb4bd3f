namespace OmniBots.Gateway.OpenAiApi;

/// <summary>A request the /v1 API refuses before calling the gateway, with OpenAI's error fields.</summary>
internal sealed class OpenAiApiException(int status, string message, string type, string? param = null, string? code = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Param { get; } = param;
    public string? Code { get; } = code;

    public static OpenAiApiException Invalid(string param, string message) => new(400, message, "invalid_request_error", param);
}
