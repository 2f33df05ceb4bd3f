using System.Text.RegularExpressions;

namespace OmniBots.Platform.Events;

/// <summary>Channel names are used as quoted identifiers in LISTEN: keep them plain and short.</summary>
internal static partial class ChannelName
{
    public static void Validate(string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        if (!Pattern().IsMatch(channel))
        {
            throw new ArgumentException(
                $"Event channel '{channel}' must be 1-63 characters of letters, digits, '_', '.', ':' or '-'.", nameof(channel));
        }
    }

    public static string Quote(string channel) => "\"" + channel + "\"";

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,63}$")]
    private static partial Regex Pattern();
}
