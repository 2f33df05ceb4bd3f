using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Users;

/// <summary>Validation of user fields; each failure is keyed by the request's field name.</summary>
internal static partial class UserInput
{
    public const int MaxDisplayName = 200;
    public const int MaxRoles = 50;

    public static string? Email(Dictionary<string, string[]> errors, string? value)
    {
        var email = value?.Trim() ?? "";
        if (!EmailAddress.IsValid(email))
        {
            errors["email"] = [$"A valid email address of at most {EmailAddress.MaxLength} characters is required."];
            return null;
        }
        return email;
    }

    public static string? DisplayName(Dictionary<string, string[]> errors, string? value, bool required)
    {
        var name = value?.Trim();
        if (name is null && !required)
        {
            return null;
        }
        if (string.IsNullOrEmpty(name) || name.Length > MaxDisplayName || name.Any(char.IsControl))
        {
            errors["displayName"] = [$"A display name of 1 to {MaxDisplayName} characters (no control characters) is required."];
        }
        return name;
    }

    public static void UserType(Dictionary<string, string[]> errors, string? value, bool required)
    {
        if ((value is not null || required) && !SystemRoles.UserTypes.Contains(value))
        {
            errors["userType"] = [$"One of: {string.Join(", ", SystemRoles.UserTypes)}."];
        }
    }

    /// <summary>A BCP 47 tag such as <c>en</c>, <c>pt-BR</c>, <c>zh-Hant-TW</c> (the host runs with invariant globalization, so the shape is checked).</summary>
    public static void Locale(Dictionary<string, string[]> errors, string? value)
    {
        if (value is not null && (value.Length > 35 || !LocalePattern().IsMatch(value)))
        {
            errors["locale"] = ["A BCP 47 language tag such as 'en' or 'pt-BR'."];
        }
    }

    /// <summary>An IANA time zone id known to the server, such as <c>Europe/Paris</c>.</summary>
    public static void TimeZone(Dictionary<string, string[]> errors, string? value)
    {
        if (value is not null && (value.Length is 0 or > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _)))
        {
            errors["timeZone"] = ["An IANA time zone such as 'Europe/Paris' or 'UTC'."];
        }
    }

    public static string[] Roles(Dictionary<string, string[]> errors, string[]? value, string? userType)
    {
        var roles = (value ?? []).Select(r => r?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToArray();
        if (roles.Length > MaxRoles || roles.Any(r => r.Length is 0 or > 63))
        {
            errors["roles"] = [$"At most {MaxRoles} role codes."];
        }
        // Without roles a user gets the system role of its type.
        return roles.Length == 0 && userType is not null ? [userType] : roles;
    }

    /// <summary>A 409 problem with <c>errors</c> naming the field, like a validation problem.</summary>
    public static ProblemHttpResult Conflict(string field, string message)
        => TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$")]
    private static partial Regex LocalePattern();
}
