using System.Text;

namespace OmniBots.Gateway.Providers.Anthropic;

internal sealed record ServerSentEvent(string? Name, string Data);

/// <summary>
/// A minimal SSE reader (WHATWG event-stream rules): <c>event:</c> names the event, <c>data:</c> lines are joined
/// with newlines, a blank line dispatches, lines starting with ':' are comments. An event cut off by the end of
/// the stream is not dispatched.
/// </summary>
internal sealed class ServerSentEvents(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next complete event, or null when the stream ended.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
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
        return null;
    }

    public void Dispose() => _reader.Dispose();
}
