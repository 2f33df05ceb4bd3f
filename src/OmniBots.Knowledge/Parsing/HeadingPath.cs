namespace OmniBots.Knowledge.Parsing;

/// <summary>Tracks the headings above the current position: a heading of level n replaces those of level n and deeper.</summary>
internal sealed class HeadingTracker
{
    private readonly List<(int Level, string Text)> _stack = [];

    public IReadOnlyList<string> Current { get; private set; } = [];

    public void Enter(int level, string text)
    {
        text = TextCleanup.Collapse(text);
        if (text.Length == 0)
        {
            return;
        }
        _stack.RemoveAll(h => h.Level >= level);
        _stack.Add((level, text));
        Current = [.. _stack.Select(h => h.Text)];
    }
}

internal static class TextCleanup
{
    /// <summary>Whitespace runs (newlines included) to one space, trimmed.</summary>
    public static string Collapse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var builder = new System.Text.StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u00a0')
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    public static string TitleFromFileName(string fileName) => Path.GetFileNameWithoutExtension(fileName);
}
