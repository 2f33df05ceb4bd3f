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
    public async ValueTask<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        // A buffered event must not outlive a cancellation: the reader would otherwise hand it out without waiting.
        cancellationToken.ThrowIfCancellationRequested();
        string? name = null;
        // Most events have one data line: it is kept as is, and a builder is made only for a second line.
        string? single = null;
        StringBuilder? data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (single is not null)
                {
                    return new ServerSentEvent(name, data?.ToString() ?? single);
                }
                name = null;
                continue;
            }
            if (line[0] == ':')
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line.AsSpan() : line.AsSpan(0, colon);
            // The value starts after the colon and one optional space (one substring per line, not three).
            var start = colon < 0 ? line.Length : colon + 1;
            start += start < line.Length && line[start] == ' ' ? 1 : 0;
            if (field is "event")
            {
                name = line[start..];
            }
            else if (field is "data")
            {
                var value = line[start..];
                if (single is null)
                {
                    single = value;
                }
                else
                {
                    data ??= new StringBuilder(single);
                    data.Append('\n').Append(value);
                }
            }
        }
        return dispatchUnterminated && single is not null ? new ServerSentEvent(name, data?.ToString() ?? single) : null;
    }

    public void Dispose() => _reader.Dispose();
}
