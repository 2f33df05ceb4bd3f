using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace OmniBots.Platform.Http.RequestIds;

/// <summary>What a request id may look like, and how a new one is made.</summary>
public static class RequestIds
{
    public const string HeaderName = "X-Request-Id";
    public const int MaxLength = 64;

    /// <summary>A caller's id is only trusted when it is one short token of safe characters, so it
    /// can go into logs, headers and problem details without escaping or log injection.</summary>
    public static bool IsValid(StringValues header)
    {
        if (header.Count != 1 || header[0] is not { Length: > 0 and <= MaxLength } value)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Makes the caller's valid id, or a new one, this request's <see cref="HttpContext.TraceIdentifier"/>.</summary>
    internal static string Assign(HttpContext context, TimeProvider time)
    {
        var header = context.Request.Headers[HeaderName];
        var id = IsValid(header) ? header[0]! : New(time);
        context.TraceIdentifier = id;
        context.Features.Set(new RequestIdAssigned(id));
        return id;
    }

    /// <summary>Version 7 GUIDs sort by creation time, which keeps ids of one period together in log stores.</summary>
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
}

/// <summary>Marks a request whose id is assigned, and by whom it was read.</summary>
internal sealed record RequestIdAssigned(string RequestId);
