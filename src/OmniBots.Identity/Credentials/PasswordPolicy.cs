using System.Collections.Frozen;

namespace OmniBots.Identity.Credentials;

/// <summary>Rules for every new password (SPEC IAM-1): the core's length rules, then not on the bundled
/// list of common passwords (generate-common-passwords.py), compared case-insensitively.</summary>
internal static class PasswordPolicy
{
    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static string? Check(string? password)
        => PasswordRules.Check(password) ?? (IsCommon(password!) ? "This password is on the list of common passwords: choose another." : null);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("OmniBots.Identity.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                words.Add(line);
            }
        }
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
