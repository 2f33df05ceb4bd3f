using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OmniBots.Bots.Common;

/// <summary>The module's problem responses (RFC 7807) other than field validation.</summary>
internal static class Problems
{
    public static ProblemHttpResult Conflict(string title, string detail)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    public static ProblemHttpResult PreconditionFailed(string detail)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status412PreconditionFailed, title: "Edited by someone else");

    public static ProblemHttpResult PreconditionRequired()
        => TypedResults.Problem("Send If-Match with the ETag of the draft you edited.", statusCode: StatusCodes.Status428PreconditionRequired,
            title: "If-Match required");
}

/// <summary>Collects field errors for a validation problem (field name → messages).</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> All => _errors;

    public void Add(string field, string message)
        => _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public string Text(string field, string? value, int max, bool required)
    {
        var text = value?.Trim() ?? "";
        if (required && text.Length == 0)
        {
            Add(field, $"Required (1 to {max} characters).");
        }
        else if (text.Length > max)
        {
            Add(field, $"At most {max} characters.");
        }
        return text;
    }
}
