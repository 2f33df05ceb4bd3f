using System.Net.Mail;

namespace OmniBots.Identity;

/// <summary>The email syntax accepted for accounts: one address, no display name, at most 254 characters.</summary>
internal static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string value)
        => value.Length <= MaxLength
           && MailAddress.TryCreate(value, out var address)
           && string.Equals(address.Address, value, StringComparison.Ordinal)
           && address.Host.Contains('.', StringComparison.Ordinal);
}

/// <summary>The minimum the core enforces on a new password (the users feature adds the common-password list).</summary>
internal static class PasswordRules
{
    public const int MinLength = 12;

    /// <summary>Longer passwords are refused before hashing, so a request cannot make the server hash megabytes.</summary>
    public const int MaxLength = 1024;

    public static string? Check(string? password) => password switch
    {
        null or "" => "A password is required.",
        { Length: < MinLength } => $"Use at least {MinLength} characters.",
        { Length: > MaxLength } => $"Use at most {MaxLength} characters.",
        _ => null,
    };
}
