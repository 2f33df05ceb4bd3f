using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Platform.Http.Errors;

/// <summary>
/// A 400 for a body the JSON serializer refused, shaped like a validation problem: <c>errors</c>
/// keyed by the JSON path, so clients handle it like any other invalid field. The serializer's
/// message names what was wrong and where (line and byte, counted from 0), as MVC reports it.
/// </summary>
internal static class JsonBodyProblem
{
    public static HttpValidationProblemDetails From(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [json.Message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON for this endpoint.",
            Detail = json.Message,
        };
        problem.Extensions["jsonPath"] = path;
        if (json.LineNumber is { } line)
        {
            problem.Extensions["lineNumber"] = line;
        }
        if (json.BytePositionInLine is { } position)
        {
            problem.Extensions["bytePositionInLine"] = position;
        }
        return problem;
    }
}
