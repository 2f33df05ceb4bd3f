using System.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OmniBots.Platform.Http.RequestIds;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is valid, a new one
/// otherwise. The id becomes <see cref="HttpContext.TraceIdentifier"/> (so problem details and
/// framework logs carry it), is echoed in the response header and sits in the logging scope as
/// <c>RequestId</c>. Runs first, so error responses and their logs carry it too.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers[RequestIds.HeaderName];
        var id = RequestIds.IsValid(header) ? header[0]! : RequestIds.New(time);
        context.TraceIdentifier = id;
        // Set when the response starts rather than now: the exception handler clears the headers
        // of a failed response before writing its problem details.
        context.Response.OnStarting(static state =>
        {
            var (response, requestId) = ((HttpResponse, string))state;
            response.Headers[RequestIds.HeaderName] = requestId;
            return Task.CompletedTask;
        }, (context.Response, id));

        using (logger.BeginScope(new RequestIdScope(id)))
        {
            await next(context);
        }
    }

    /// <summary>A one-entry scope; its <see cref="ToString"/> is what text formatters print.</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 1;

        public KeyValuePair<string, object> this[int index]
            => index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{requestId}";
    }
}
