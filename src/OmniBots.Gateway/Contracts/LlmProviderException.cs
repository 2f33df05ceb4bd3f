namespace OmniBots.Gateway.Contracts;

public enum LlmErrorKind
{
    BadRequest,
    Unauthorized,
    RateLimited,
    ServerError,
    Timeout,
    MalformedResponse,
    /// <summary>The stream broke after it started: never retried, the caller already saw part of it.</summary>
    StreamInterrupted,
    /// <summary>Refused by the gateway itself: a hard monthly budget is spent.</summary>
    BudgetExceeded,
    /// <summary>No route serves the model for this tenant, or the virtual key may not use it.</summary>
    ModelNotAvailable,
}

/// <summary>A provider failure, classified so routing and retries can decide without parsing messages.</summary>
public sealed class LlmProviderException : Exception
{
    public LlmProviderException(LlmErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public LlmProviderException()
        : this(LlmErrorKind.ServerError, "The LLM provider failed.")
    {
    }

    public LlmProviderException(string message)
        : this(LlmErrorKind.ServerError, message)
    {
    }

    public LlmProviderException(string message, Exception innerException)
        : this(LlmErrorKind.ServerError, message, innerException)
    {
    }

    public LlmErrorKind Kind { get; }
    /// <summary>How long the provider asked us to wait (429 <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>The HTTP status, when the failure was an HTTP answer.</summary>
    public int? StatusCode { get; init; }
    /// <summary>Set by the gateway's router: the endpoints tried and skipped before the call failed.</summary>
    public RouteReport? Route { get; init; }
    /// <summary>Retrying may help: rate limits, server errors and timeouts, never a broken stream.</summary>
    public bool IsTransient => Kind is LlmErrorKind.RateLimited or LlmErrorKind.ServerError or LlmErrorKind.Timeout;
}
