using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using OmniBots.Platform.Http.Limits;

namespace OmniBots.Platform.Http.Errors;

/// <summary>
/// Completes every problem document the host writes, whoever wrote it (exception handler,
/// status-code pages, a typed result): a title and type for each status, the request path as
/// <c>instance</c>, and the ids that tie the response to its logs and trace.
/// </summary>
internal static class ProblemDetailsCustomizer
{
    // ASP.NET Core links the common statuses to RFC 9110; these are the ones it leaves without a type.
    private static readonly Dictionary<int, string> ExtraTypes = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        var status = problem.Status.Value;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : null;
        problem.Type ??= ExtraTypes.GetValueOrDefault(status);
        problem.Instance ??= (http.Request.PathBase + http.Request.Path).Value;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        problem.Extensions["requestId"] = http.TraceIdentifier;

        if (status == StatusCodes.Status413PayloadTooLarge && http.Features.Get<RequestBodyLimitFeature>() is { Limit: { } limit })
        {
            problem.Detail ??= string.Create(CultureInfo.InvariantCulture,
                $"The request body is larger than the {limit} bytes this endpoint accepts.");
            problem.Extensions["maxRequestBodyBytes"] = limit;
        }
        else if (status == StatusCodes.Status405MethodNotAllowed && http.Response.Headers[HeaderNames.Allow] is { Count: > 0 } allow)
        {
            problem.Detail ??= $"{http.Request.Method} is not allowed on this resource; it allows {string.Join(", ", allow.ToArray())}.";
        }
        else if (status == StatusCodes.Status415UnsupportedMediaType)
        {
            problem.Detail ??= http.Request.ContentType is { Length: > 0 } type
                ? $"This endpoint does not accept a body of Content-Type '{type}'."
                : "This endpoint needs a Content-Type header naming the body's media type.";
        }
        else if (status == StatusCodes.Status404NotFound && http.GetEndpoint() is null)
        {
            problem.Detail ??= "No endpoint answers this path.";
        }
    }
}
