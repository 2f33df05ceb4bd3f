namespace OmniBots.Fakes.Anthropic;

/// <summary>A <c>tool_use</c> block the fake answers with; <see cref="InputJson"/> must be a JSON object.</summary>
public sealed record FakeToolUse(string Id, string Name, string InputJson);

/// <summary>
/// What <see cref="FakeAnthropicServer"/> answers to the next Messages request. The same reply serves a
/// streaming request as SSE events, so a test scripts the content once and asks either way.
/// </summary>
public sealed record FakeAnthropicReply
{
    public string? Text { get; init; } = "Hello from the fake.";
    public IReadOnlyList<FakeToolUse> ToolUses { get; init; } = [];
    public int InputTokens { get; init; } = 13;
    public int OutputTokens { get; init; } = 9;
    /// <summary>Null: <c>tool_use</c> when there are tool uses, otherwise <c>end_turn</c>.</summary>
    public string? StopReason { get; init; }
    /// <summary>Non-200 makes Anthropic's error body (<see cref="ErrorType"/>, <see cref="ErrorMessage"/>).</summary>
    public int Status { get; init; } = 200;
    public string ErrorType { get; init; } = "invalid_request_error";
    public string ErrorMessage { get; init; } = "Scripted error.";
    /// <summary>Sent verbatim as the <c>retry-after</c> header: whole seconds, or an HTTP date.</summary>
    public string? RetryAfter { get; init; }
    /// <summary>Waited before anything (headers included) is sent.</summary>
    public TimeSpan FirstByteDelay { get; init; }
    /// <summary>Streaming: waited before each event after the first, like a model generating slowly.</summary>
    public TimeSpan EventDelay { get; init; }
    /// <summary>Streaming: the connection is aborted after this many SSE events.</summary>
    public int? DropAfterEvents { get; init; }
    /// <summary>Streaming: after this many events an <c>error</c> event (<see cref="ErrorType"/>) ends the stream, as Anthropic does when overloaded mid-stream.</summary>
    public int? ErrorEventAfterEvents { get; init; }
    /// <summary>Streaming: the response ends cleanly but without <c>message_stop</c>.</summary>
    public bool OmitMessageStop { get; init; }
    /// <summary>A 200 whose body (or whose second stream event) is not valid JSON.</summary>
    public bool Malformed { get; init; }

    public string EffectiveStopReason => StopReason ?? (ToolUses.Count > 0 ? "tool_use" : "end_turn");

    public static FakeAnthropicReply WithText(string text) => new() { Text = text };

    public static FakeAnthropicReply WithToolUses(params FakeToolUse[] uses) => new() { Text = null, ToolUses = uses };

    public static FakeAnthropicReply Error(int status, string type, string message, string? retryAfter = null) =>
        new() { Status = status, ErrorType = type, ErrorMessage = message, RetryAfter = retryAfter };
}

/// <summary>A request as the fake received it, with the two headers Anthropic checks.</summary>
public sealed record FakeAnthropicRequest(string Path, string? ApiKey, string? Version, string? ContentType, string Body);
