using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

public sealed partial class FakeOpenAiServer
{
    /// <summary>
    /// OpenAI: <c>{"error":{"message","type","param","code"}}</c>. Azure: <c>{"error":{"code","message"}}</c> with the
    /// status as the code, as Azure sends for 401/429/5xx. Both with <c>Retry-After</c> / <c>retry-after-ms</c> when scripted.
    /// </summary>
    private static async Task WriteErrorAsync(HttpContext context, FakeOpenAiReply reply, bool azure)
    {
        if (reply.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        if (reply.RetryAfterMilliseconds is { } millis)
        {
            context.Response.Headers["retry-after-ms"] = millis.ToString(CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = reply.Status;
        var error = azure
            ? new JsonObject { ["code"] = reply.AzureErrorCode ?? reply.Status.ToString(CultureInfo.InvariantCulture), ["message"] = reply.ErrorMessage }
            : new JsonObject { ["message"] = reply.ErrorMessage, ["type"] = reply.ErrorType, ["param"] = null, ["code"] = null };
        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = error });
    }
}
