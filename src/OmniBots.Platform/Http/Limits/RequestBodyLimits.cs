using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace OmniBots.Platform.Http.Limits;

/// <summary>Per-endpoint request body limits, over the host-wide <c>Http:MaxRequestBodyBytes</c>.</summary>
public static class RequestBodyLimits
{
    /// <summary>
    /// Sets the largest body this endpoint (or every endpoint of a group) accepts, higher or lower
    /// than the host-wide default. Enforced for bodies with and without Content-Length; a larger
    /// body is answered 413 with problem details.
    /// </summary>
    public static TBuilder WithMaxRequestBodySize<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        // IRequestSizeLimitMetadata is what ASP.NET Core's routing applies to Kestrel's limit;
        // RequestBodyLimitMiddleware reads the same metadata for servers that have no such limit.
        return builder.WithMetadata(new RequestBodySizeMetadata(bytes));
    }

    private sealed record RequestBodySizeMetadata(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
