using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OmniBots.Platform.Http.Errors;

/// <summary>
/// Turns every exception that escapes an endpoint into a problem document. A bad request the
/// framework detected keeps its status and its (framework-written) message; anything else is a
/// 500 whose text stays in the log, except in Development where the caller is the developer.
/// </summary>
internal sealed class PlatformExceptionHandler(
    IProblemDetailsService problems,
    IHostEnvironment environment,
    ILogger<PlatformExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>nginx's code for "the client closed the request": keeps aborted requests out of the 5xx rate.</summary>
    internal const int ClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            logger.LogDebug("The client went away before {Method} {Path} was answered", context.Request.Method, context.Request.Path);
            context.Response.StatusCode = ClientClosedRequest;
            return true;
        }

        var problem = Describe(context, exception);
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    private ProblemDetails Describe(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                logger.LogInformation("Rejected a request body that is not valid JSON: {Reason}", json.Message);
                return JsonBodyProblem.From(json);
            case BadHttpRequestException bad:
                logger.LogInformation("Rejected a bad request ({StatusCode}): {Reason}", bad.StatusCode, bad.Message);
                return new ProblemDetails { Status = bad.StatusCode, Detail = bad.Message };
            // An endpoint that reads its body with ReadFromJsonAsync sees the serializer's exception
            // unwrapped. Only that is the caller's fault: a JsonException from stored data or from
            // writing the response is the server's, and stays a 500.
            case JsonException json when ReadingTheRequestBody(json):
                logger.LogInformation("Rejected a request body that is not valid JSON: {Reason}", json.Message);
                return JsonBodyProblem.From(json);
            default:
                logger.LogError(exception, "Unhandled exception while answering {Method} {Path}", context.Request.Method, context.Request.Path);
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "An unexpected error occurred.",
                    Detail = "The error was logged with this response's requestId.",
                };
                if (environment.IsDevelopment())
                {
                    problem.Detail = exception.Message;
                    problem.Extensions["exception"] = exception.ToString();
                }
                return problem;
        }
    }

    private static bool ReadingTheRequestBody(JsonException exception)
        => new StackTrace(exception, fNeedFileInfo: false).GetFrames().Any(frame => frame.GetMethod()?.DeclaringType is { } type
            && (type == typeof(HttpRequestJsonExtensions) || type.DeclaringType == typeof(HttpRequestJsonExtensions)));
}
