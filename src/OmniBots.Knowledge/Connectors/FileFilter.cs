using System.Text.RegularExpressions;
using OmniBots.Knowledge.Sources;

namespace OmniBots.Knowledge.Connectors;

/// <summary>Include/exclude globs on a file's path under the root (<c>*</c> within a folder, <c>**</c> across folders,
/// <c>?</c> one character; case-insensitive; a pattern without '/' matches the file name), and the size limit.</summary>
internal sealed class FileFilter
{
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;
    private readonly long _maxSize;

    public FileFilter(SourceSettings settings)
    {
        _include = [.. (settings.Include ?? []).Select(ToRegex)];
        _exclude = [.. (settings.Exclude ?? []).Select(ToRegex)];
        _maxSize = settings.EffectiveMaxFileSize;
    }

    /// <summary>Null when the file passes, else why not.</summary>
    public string? Refuse(RemoteFile file)
    {
        if (file.Size is { } size && size > _maxSize)
        {
            return $"{size} bytes is over the source's limit of {_maxSize}.";
        }
        var path = file.Path.TrimStart('/');
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (_include.Length > 0 && !_include.Any(glob => glob.IsMatch(path) || glob.IsMatch(name)))
        {
            return "Not matched by the include filters.";
        }
        return _exclude.Any(glob => glob.IsMatch(path) || glob.IsMatch(name)) ? "Matched by an exclude filter." : null;
    }

    private static Regex ToRegex(string glob)
    {
        var pattern = Regex.Escape(glob.Trim().TrimStart('/'))
            .Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{pattern}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
