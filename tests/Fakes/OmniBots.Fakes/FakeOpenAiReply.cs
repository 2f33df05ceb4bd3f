namespace OmniBots.Fakes;

public sealed record FakeToolCall(string Id, string Name, string Arguments);

/// <summary>
/// What <see cref="FakeOpenAiServer"/> answers to the next chat request. The same reply serves a
/// streaming request as SSE chunks, so a test scripts the content once and asks either way.
/// </summary>
public sealed record FakeOpenAiReply
{
    public string? Text { get; init; } = "Hello from the fake.";
    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];
    public int PromptTokens { get; init; } = 11;
    public int CompletionTokens { get; init; } = 7;
    /// <summary>Overrides the finish reason (e.g. Azure's <c>content_filter</c>); default stop or tool_calls.</summary>
    public string? FinishReason { get; init; }
    /// <summary>Non-200 makes an error body: OpenAI's (<see cref="ErrorType"/>, <see cref="ErrorMessage"/>) or Azure's (code = the status).</summary>
    public int Status { get; init; } = 200;
    public string ErrorType { get; init; } = "invalid_request_error";
    public string ErrorMessage { get; init; } = "Scripted error.";
    /// <summary>Azure's <c>error.code</c> (e.g. <c>content_filter</c>, <c>DeploymentNotFound</c>); default the status, as for 401/429/5xx.</summary>
    public string? AzureErrorCode { get; init; }
    /// <summary>Sent as a <c>Retry-After</c> header in whole seconds.</summary>
    public int? RetryAfterSeconds { get; init; }
    /// <summary>Sent as a <c>retry-after-ms</c> header, as Azure and OpenAI add to 429s.</summary>
    public int? RetryAfterMilliseconds { get; init; }
    /// <summary>Waited before anything (headers included) is sent.</summary>
    public TimeSpan FirstByteDelay { get; init; }
    /// <summary>Streaming: waited before each <c>data:</c> event after the first, a slow generation.</summary>
    public TimeSpan EventDelay { get; init; }
    /// <summary>Streaming: the connection is aborted after this many <c>data:</c> events.</summary>
    public int? DropAfterEvents { get; init; }
    /// <summary>A 200 whose body (or whose first stream event) is not valid JSON.</summary>
    public bool Malformed { get; init; }

    public static FakeOpenAiReply WithText(string text) => new() { Text = text };

    public static FakeOpenAiReply WithToolCalls(params FakeToolCall[] calls) => new() { Text = null, ToolCalls = calls };

    public static FakeOpenAiReply Error(int status, string type, string message, int? retryAfterSeconds = null) =>
        new() { Status = status, ErrorType = type, ErrorMessage = message, RetryAfterSeconds = retryAfterSeconds };

    internal string Finish => FinishReason ?? (ToolCalls.Count > 0 ? "tool_calls" : "stop");
}

/// <summary>
/// A request as the fake received it. <see cref="Path"/> excludes the query (Azure's <c>api-version</c> is in
/// <see cref="Query"/>); <see cref="Headers"/> are case-insensitive.
/// </summary>
public sealed record FakeOpenAiRequest(string Path, string? Authorization, string Body)
{
    public string Query { get; init; } = "";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
