using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary>Which endpoint served a /v1 call, in response headers (the usage record has the same).</summary>
internal static class RouteHeaders
{
    public static void Write(HttpResponse response, RouteReport? route)
    {
        if (route is null)
        {
            return;
        }
        response.Headers["x-omnibots-endpoint"] = route.Endpoint;
        response.Headers["x-omnibots-provider"] = route.Provider;
        response.Headers["x-omnibots-cached"] = route.Cached ? "true" : "false";
        response.Headers["x-omnibots-attempts"] = route.Attempts.Count.ToString(CultureInfo.InvariantCulture);
        if (route.Attempts.Count > 0)
        {
            // endpoint=outcome(reason), in route order: why others were skipped or failed.
            response.Headers["x-omnibots-route"] = Describe(route.Attempts);
        }
    }

    private static string Describe(IReadOnlyList<RouteAttempt> attempts)
    {
        if (attempts is [{ Reason: null } only])
        {
            // The common case, one endpoint that served: no builder needed.
            return $"{only.Endpoint}={only.Outcome}";
        }
        var text = new StringBuilder();
        foreach (var attempt in attempts)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(attempt.Endpoint).Append('=').Append(attempt.Outcome);
            if (attempt.Reason is { } reason)
            {
                text.Append('(');
                foreach (var c in reason.AsSpan(0, Math.Min(reason.Length, 200)))
                {
                    text.Append(c is >= ' ' and <= '~' and not ',' ? c : ' ');
                }
                text.Append(')');
            }
        }
        return text.ToString();
    }
}
