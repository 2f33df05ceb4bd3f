using System.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OmniBots.Platform.Http.RequestIds;

/// <summary>
/// Echoes the request id in the <c>X-Request-Id</c> response header. The id is normally assigned
/// by <see cref="RequestIdHttpContextFactory"/>, so ASP.NET Core's request logging scope already
/// carries it as <c>RequestId</c>; when another context factory is in place, this assigns it and
/// opens a <c>RequestId</c> scope of its own. Runs first, so error responses carry the id too.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var assigned = context.Features.Get<RequestIdAssigned>();
        var id = assigned?.RequestId ?? RequestIds.Assign(context, time);
        // Set when the response starts rather than now: the exception handler clears the headers
        // of a failed response before writing its problem details.
        context.Response.OnStarting(static state =>
        {
            var (response, requestId) = ((HttpResponse, string))state;
            response.Headers[RequestIds.HeaderName] = requestId;
            return Task.CompletedTask;
        }, (context.Response, id));

        if (assigned is not null)
        {
            await next(context);
            return;
        }
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
