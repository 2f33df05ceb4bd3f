namespace OmniBots.Fakes;

/// <summary>A function call the fake model makes; <see cref="Id"/> is left out of the wire when null, as older Gemini versions do.</summary>
public sealed record FakeGeminiFunctionCall(string Name, string ArgsJson, string? Id = null)
{
    /// <summary>Sent as the part's <c>thoughtSignature</c>, as thinking models do.</summary>
    public string? ThoughtSignature { get; init; }
}

/// <summary>
/// What <see cref="FakeGeminiServer"/> answers to the next generate or embed request. The same reply serves
/// generateContent as one JSON body and streamGenerateContent as SSE chunks.
/// </summary>
public sealed record FakeGeminiReply
{
    public string? Text { get; init; } = "Hello from the fake Gemini.";
    public IReadOnlyList<FakeGeminiFunctionCall> FunctionCalls { get; init; } = [];
    /// <summary>The candidate's finishReason (STOP, MAX_TOKENS, SAFETY…).</summary>
    public string FinishReason { get; init; } = "STOP";
    /// <summary>Set: the prompt is blocked (<c>promptFeedback.blockReason</c>) and there is no candidate.</summary>
    public string? BlockReason { get; init; }
    public int PromptTokens { get; init; } = 11;
    public int CandidatesTokens { get; init; } = 7;
    /// <summary>Non-200 makes Google's error body with <see cref="ErrorStatus"/> and <see cref="ErrorMessage"/>.</summary>
    public int Status { get; init; } = 200;
    public string ErrorStatus { get; init; } = "INVALID_ARGUMENT";
    public string ErrorMessage { get; init; } = "Scripted error.";
    /// <summary>A <c>google.rpc.ErrorInfo</c> detail's <c>reason</c>, such as API_KEY_INVALID.</summary>
    public string? ErrorReason { get; init; }
    /// <summary>A <c>Retry-After</c> header in whole seconds.</summary>
    public int? RetryAfterSeconds { get; init; }
    /// <summary>A <c>google.rpc.RetryInfo</c> detail's <c>retryDelay</c>, such as "30s".</summary>
    public string? RetryDelay { get; init; }
    /// <summary>Waited before anything (headers included) is sent.</summary>
    public TimeSpan FirstByteDelay { get; init; }
    /// <summary>Streaming: the connection is aborted after this many <c>data:</c> events.</summary>
    public int? DropAfterEvents { get; init; }
    /// <summary>Streaming: the stream ends cleanly but no chunk carries a finishReason.</summary>
    public bool OmitFinishReason { get; init; }
    /// <summary>A 200 whose body (or whose second stream event) is not valid JSON.</summary>
    public bool Malformed { get; init; }

    public static FakeGeminiReply WithText(string text) => new() { Text = text };

    public static FakeGeminiReply WithFunctionCalls(params FakeGeminiFunctionCall[] calls) => new() { Text = null, FunctionCalls = calls };

    public static FakeGeminiReply Error(int status, string googleStatus, string message, int? retryAfterSeconds = null, string? retryDelay = null) =>
        new() { Status = status, ErrorStatus = googleStatus, ErrorMessage = message, RetryAfterSeconds = retryAfterSeconds, RetryDelay = retryDelay };
}

/// <summary>A request as the fake received it: <see cref="Path"/> includes the <c>:method</c>, <see cref="Query"/> the <c>?alt=sse</c>.</summary>
public sealed record FakeGeminiRequest(string Path, string Query, string? ApiKey, string? Authorization, string Body);
