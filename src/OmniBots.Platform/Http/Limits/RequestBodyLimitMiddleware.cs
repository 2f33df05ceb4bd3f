using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Http.Limits;

/// <summary>
/// Applies the endpoint's body limit (its <see cref="IRequestSizeLimitMetadata"/>, else
/// <c>Http:MaxRequestBodyBytes</c>). A declared Content-Length over the limit is refused before
/// anything is read; a body of unknown length is counted as the endpoint reads it. Runs after
/// routing, so the endpoint is known.
/// </summary>
/// <remarks>
/// On Kestrel the server's own limit is then raised by <c>Http:RefusedBodyDrainBytes</c>: after
/// the 413 the server reads and discards the rest of a refused body, so a client still sending it
/// gets the answer instead of a reset connection. On a server without such a limit (the
/// in-memory test server) the counting stream is the only limit.
/// </remarks>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpOptions> options)
{
    private readonly long _default = options.Value.MaxRequestBodyBytes;
    private readonly long _drain = options.Value.RefusedBodyDrainBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = metadata is null ? _default : metadata.MaxRequestBodySize;
        context.Features.Set(new RequestBodyLimitFeature(limit));
        var server = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;

        if (limit is not { } max)
        {
            server?.MaxRequestBodySize = null;
            return next(context);
        }
        if (context.Request.ContentLength is { } declared)
        {
            if (declared <= max)
            {
                // The server stops a body at its declared length: nothing more to count.
                server?.MaxRequestBodySize = max;
                return next(context);
            }
            server?.MaxRequestBodySize = declared - max <= _drain ? declared : max;
            // StatusCodePages writes the problem document; RequestBodyLimitFeature supplies its detail.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }
        server?.MaxRequestBodySize = max + _drain;
        context.Request.Body = new LengthLimitedStream(context.Request.Body, max);
        return next(context);
    }
}
