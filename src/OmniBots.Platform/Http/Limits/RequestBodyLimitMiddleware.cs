using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace OmniBots.Platform.Http.Limits;

/// <summary>
/// Applies the endpoint's body limit (its <see cref="IRequestSizeLimitMetadata"/>, else
/// <c>Http:MaxRequestBodyBytes</c>). A declared Content-Length over the limit is refused before
/// anything is read. Otherwise the server counts the bytes (Kestrel's own limit); on a server
/// without one (the in-memory test server, or once the body has started) the body stream counts.
/// Runs after routing, so the endpoint is known.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpOptions> options)
{
    private readonly long _default = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = metadata is null ? _default : metadata.MaxRequestBodySize;
        context.Features.Set(new RequestBodyLimitFeature(limit));

        if (limit is not { } max)
        {
            DisableServerLimit(context);
            return next(context);
        }
        if (context.Request.ContentLength > max)
        {
            // StatusCodePages writes the problem document; RequestBodyLimitFeature supplies its detail.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = max;
        }
        else
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, max);
        }
        return next(context);
    }

    private static void DisableServerLimit(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = null;
        }
    }
}
