using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OmniBots.Platform.Http.RequestIds;

/// <summary>
/// Assigns the request id as the server creates the request's context, before ASP.NET Core opens
/// its per-request logging scope: that scope's <c>RequestId</c> (on every log line of the
/// request, the "Request starting/finished" lines included) is then ours instead of Kestrel's
/// connection-and-sequence id. Wraps the default factory; what it gives up is only the pooling
/// of context objects.
/// </summary>
internal sealed class RequestIdHttpContextFactory(IServiceProvider services, TimeProvider time) : IHttpContextFactory
{
    private readonly DefaultHttpContextFactory _inner = new(services);

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        var context = _inner.Create(featureCollection);
        RequestIds.Assign(context, time);
        return context;
    }

    public void Dispose(HttpContext httpContext) => _inner.Dispose(httpContext);
}
