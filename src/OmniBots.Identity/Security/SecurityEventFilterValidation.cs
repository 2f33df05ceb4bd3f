using System.Globalization;

namespace OmniBots.Identity.Security;

/// <summary>Query parameters are read as text so that a bad value gets a problem naming the parameter, not a bare 400.</summary>
internal static class SecurityEventFilterValidation
{
    public const int MaxPageSize = 200;

    public static (SecurityEventFilter? Filter, Dictionary<string, string[]> Errors) Validate(
        string? type, string? status, string? severity, string? from, string? to, string? page, string? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        OneOf(errors, "type", type, SecurityEventTypes.All);
        OneOf(errors, "status", status, SecurityEventTypes.Statuses);
        OneOf(errors, "severity", severity, SecurityEventTypes.Severities);
        var fromAt = Time(errors, "from", from);
        var toAt = Time(errors, "to", to);
        if (fromAt is { } f && toAt is { } t && f > t)
        {
            errors["to"] = ["Must not be before 'from'."];
        }
        var pageNumber = Number(errors, "page", page, 1, 1, 100_000);
        var size = Number(errors, "pageSize", pageSize, 50, 1, MaxPageSize);
        return errors.Count > 0 ? (null, errors) : (new SecurityEventFilter(Empty(type), Empty(status), Empty(severity), fromAt, toAt, pageNumber, size), errors);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void OneOf(Dictionary<string, string[]> errors, string field, string? value, string[] allowed)
    {
        if (!string.IsNullOrEmpty(value) && !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors[field] = [$"One of: {string.Join(", ", allowed)}."];
        }
    }

    private static DateTimeOffset? Time(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }
        errors[field] = ["Not a date and time (ISO 8601)."];
        return null;
    }

    private static int Number(Dictionary<string, string[]> errors, string field, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        errors[field] = [$"A whole number between {min} and {max}."];
        return fallback;
    }
}
