using System.Text;

namespace OmniBots.Gateway.Providers;

internal sealed record ServerSentEvent(string? Name, string Data);

/// <summary>
/// The one SSE reader of the provider adapters (WHATWG event-stream rules): <c>event:</c> names the event,
/// <c>data:</c> lines are joined with newlines, a blank line dispatches, lines starting with ':' are comments.
/// An event cut off by the end of the stream is dispatched only with <paramref name="dispatchUnterminated"/>
/// (Gemini's stream has no end marker, so its last event may lack the blank line).
/// </summary>
internal sealed class ServerSentEventReader(Stream stream, bool dispatchUnterminated = false) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next complete event, or null when the stream ended.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        // A buffered event must not outlive a cancellation: the reader would otherwise hand it out without waiting.
        cancellationToken.ThrowIfCancellationRequested();
        string? name = null;
        StringBuilder? data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(name, data.ToString());
                }
                name = null;
                continue;
            }
            if (line[0] == ':')
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            if (field == "event")
            {
                name = value;
            }
            else if (field == "data")
            {
                data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
            }
        }
        return dispatchUnterminated && data is not null ? new ServerSentEvent(name, data.ToString()) : null;
    }

    public void Dispose() => _reader.Dispose();
}
