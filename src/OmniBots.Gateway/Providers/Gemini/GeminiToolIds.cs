using System.Text.RegularExpressions;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Tool-call ids across the gateway's provider-neutral contract. Older Gemini versions (and Vertex) give a
/// function call no id: the adapter names it <c>call_{index}</c>, stable for one response, and never sends such
/// an id back. Thinking models attach a <c>thoughtSignature</c> to a function-call part that must be returned
/// with that part on the next turn (Gemini 3 refuses the turn otherwise); the contract has nowhere else to
/// keep it, so it rides in the opaque id after <see cref="SignatureMarker"/>, and is split off when writing.
/// </summary>
internal static partial class GeminiToolIds
{
    private const string SignatureMarker = "~ts~";

    public static string Compose(string? modelId, int index, string? thoughtSignature)
    {
        var id = string.IsNullOrEmpty(modelId) ? $"call_{index}" : modelId;
        return string.IsNullOrEmpty(thoughtSignature) ? id : id + SignatureMarker + thoughtSignature;
    }

    /// <summary>The id Gemini gave (null for one the adapter generated) and the signature, if any.</summary>
    public static (string? ModelId, string? ThoughtSignature) Split(string id)
    {
        var at = id.IndexOf(SignatureMarker, StringComparison.Ordinal);
        var bare = at >= 0 ? id[..at] : id;
        var signature = at >= 0 ? id[(at + SignatureMarker.Length)..] : null;
        return (Generated().IsMatch(bare) ? null : bare, signature);
    }

    [GeneratedRegex(@"^call_\d+$")]
    private static partial Regex Generated();
}
