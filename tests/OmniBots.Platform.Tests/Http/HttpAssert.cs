using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>Assertions and request bodies shared by the HTTP tests.</summary>
internal static class HttpAssert
{
    public static readonly Uri Echo = new("/_test/echo", UriKind.Relative);

    /// <summary>Checks the response is an RFC 7807 document for <paramref name="status"/>, with the
    /// members every error carries, and returns it for further checks.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.StartsWith("/", problem.GetProperty("instance").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), problem.GetProperty("requestId").GetString());
        return problem;
    }

    /// <summary>The host answers a valid request after an error: nothing was left broken.</summary>
    public static async Task StillServesAsync(HttpClient client)
    {
        var response = await client.PostAsync(Echo, Json("""{"text":"still here","count":1}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("still here", await response.Content.ReadAsStringAsync());
    }

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    /// <summary>A JSON document of about <paramref name="bytes"/> bytes: one long, valid string, so
    /// only its size can be refused.</summary>
    public static byte[] LargeJson(int bytes)
    {
        var body = new byte[bytes];
        Array.Fill(body, (byte)'a');
        "{\"text\":\""u8.CopyTo(body);
        "\",\"count\":1}"u8.CopyTo(body.AsSpan(bytes - 12));
        return body;
    }

    public static HttpContent Sized(byte[] body) => WithJsonType(new ByteArrayContent(body));

    public static HttpContent Chunked(byte[] body) => WithJsonType(new ChunkedContent(body));

    private static HttpContent WithJsonType(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Content of unknown length: sent chunked, without a Content-Length header.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
