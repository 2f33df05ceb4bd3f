using System.Text;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Cache;

/// <summary>Turns a stream into the answer it spelled out (to cache it, and to meter it), and a cached answer back into deltas.</summary>
internal sealed class StreamAnswer
{
    private readonly StringBuilder _text = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    public Usage? Usage { get; private set; }
    public FinishReason? FinishReason { get; private set; }
    public RouteReport? Route { get; private set; }
    public int OutputCharacters => _text.Length + _calls.Values.Sum(c => c.Arguments.Length);

    public void Add(ChatDelta delta)
    {
        Route ??= delta.Route;
        if (delta.Text is { } text)
        {
            _text.Append(text);
        }
        if (delta.ToolCall is { } fragment)
        {
            if (!_calls.TryGetValue(fragment.Index, out var call))
            {
                call = (fragment.Id, fragment.Name, new StringBuilder());
                _calls[fragment.Index] = call;
            }
            call.Arguments.Append(fragment.ArgumentsPiece);
            _calls[fragment.Index] = (call.Id ?? fragment.Id, call.Name ?? fragment.Name, call.Arguments);
        }
        Usage = delta.Usage ?? Usage;
        FinishReason = delta.FinishReason ?? FinishReason;
    }

    public ChatResponse ToResponse(string model) => new()
    {
        Text = _text.Length == 0 ? null : _text.ToString(),
        ToolCalls = [.. _calls.Values.Select(c => new ToolCall(c.Id ?? "", c.Name ?? "", c.Arguments.ToString()))],
        FinishReason = FinishReason ?? Contracts.FinishReason.Unknown,
        Usage = Usage,
        Model = model,
    };

    /// <summary>The deltas a provider would have sent for <paramref name="answer"/>: route, text, tool calls, usage, finish.</summary>
    public static IEnumerable<ChatDelta> Replay(ChatResponse answer, RouteReport route)
    {
        yield return new ChatDelta { Route = route };
        if (!string.IsNullOrEmpty(answer.Text))
        {
            yield return new ChatDelta { Text = answer.Text };
        }
        for (var i = 0; i < answer.ToolCalls.Count; i++)
        {
            var call = answer.ToolCalls[i];
            yield return new ChatDelta { ToolCall = new ToolCallFragment(i, call.Id, call.Name, call.ArgumentsJson) };
        }
        if (answer.Usage is { } usage)
        {
            yield return new ChatDelta { Usage = usage };
        }
        yield return new ChatDelta { FinishReason = answer.FinishReason };
    }
}
