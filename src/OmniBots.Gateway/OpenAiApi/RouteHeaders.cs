using System.Globalization;
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
            response.Headers["x-omnibots-route"] = string.Join(", ", route.Attempts.Select(a =>
                a.Reason is null ? $"{a.Endpoint}={a.Outcome}" : $"{a.Endpoint}={a.Outcome}({Ascii(a.Reason)})"));
        }
    }

    private static string Ascii(string text)
        => new(text.Select(c => c is >= ' ' and <= '~' and not ',' ? c : ' ').Take(200).ToArray());
}
