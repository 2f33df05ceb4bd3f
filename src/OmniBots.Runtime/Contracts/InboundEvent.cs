namespace OmniBots.Runtime.Contracts;

public enum InboundKind
{
    /// <summary>Start (or restart) the primary flow.</summary>
    Start,
    /// <summary>Typed text.</summary>
    Text,
    /// <summary>A button tap: <see cref="InboundEvent.Payload"/> is the value it sends.</summary>
    Button,
    /// <summary>A scheduled wake-up for a Delay.</summary>
    Timer,
    /// <summary>The agent handed the conversation back to the bot (Handoff's returned output).</summary>
    HandoffReturned,
    /// <summary>No agent or desk can take the conversation (Handoff's unavailable output).</summary>
    HandoffUnavailable,
}

/// <summary>One thing that happened to the conversation; a turn processes exactly one.</summary>
public sealed record InboundEvent(InboundKind Kind, string? Text = null, string? Payload = null)
{
    public static InboundEvent Start() => new(InboundKind.Start);
    public static InboundEvent UserText(string text) => new(InboundKind.Text, text);
    public static InboundEvent ButtonTap(string payload, string? label = null) => new(InboundKind.Button, label ?? payload, payload);
    public static InboundEvent Timer() => new(InboundKind.Timer);

    /// <summary>What the user said: the payload of a button, else the text.</summary>
    public string? UserInput => Kind switch
    {
        InboundKind.Button => Payload ?? Text,
        InboundKind.Text => Text,
        _ => null,
    };
}
