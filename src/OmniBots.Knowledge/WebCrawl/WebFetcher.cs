using System.Net;
using System.Security.Cryptography;
using OmniBots.Knowledge.Connectors;

namespace OmniBots.Knowledge.WebCrawl;

/// <summary>
/// One GET as the crawler and file-URL sources make it: a per-request timeout, redirects followed by hand (at most
/// five, only where <paramref name="followTo"/> allows), conditional headers from the known version, the body spooled
/// to a temporary file and cut off at the size limit, and only the content types the parsers read.
/// </summary>
internal sealed class WebFetcher(HttpClient http, TimeSpan timeout, long maxBytes, string spoolFolder)
{
    public const string UserAgent = "OmniBotsCrawler/1.0 (+https://omnibots.example/crawler)";
    private const int MaxRedirects = 5;

    public static readonly IReadOnlySet<string> ReadableTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "text/html", "application/xhtml+xml", "application/pdf", "text/plain", "text/markdown", "text/csv",
    };

    public async Task<WebResponse> GetAsync(Uri url, string? knownVersion, Func<Uri, bool> followTo, CancellationToken ct)
    {
        for (var hop = 0; ; hop++)
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeoutSource.CancelAfter(timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            AddConditions(request, knownVersion);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return WebResponse.Failed(url, $"No answer within {timeout.TotalSeconds:0} s.");
            }
            catch (Exception ex) when (ex is HttpRequestException or ConnectorException)
            {
                return WebResponse.Failed(url, ex.InnerException is ConnectorException inner ? inner.Message : ex.Message);
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && status != 304 && response.Headers.Location is { } location)
                {
                    var next = new Uri(url, location);
                    if (hop >= MaxRedirects || !followTo(next))
                    {
                        return WebResponse.Failed(url, $"Redirected to {next}, which is not followed.");
                    }
                    url = next;
                    continue;
                }
                return await ReadAsync(url, response, timeoutSource.Token, ct);
            }
        }
    }

    private async Task<WebResponse> ReadAsync(Uri url, HttpResponseMessage response, CancellationToken timeoutToken, CancellationToken ct)
    {
        var version = response.Headers.ETag?.ToString() ?? response.Content.Headers.LastModified?.ToString("R");
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new WebResponse(url, 304, null, null, version, null, null);
        }
        if (!response.IsSuccessStatusCode)
        {
            return new WebResponse(url, (int)response.StatusCode, null, null, null, null, $"HTTP {(int)response.StatusCode}");
        }
        var type = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        if (!ReadableTypes.Contains(type))
        {
            return new WebResponse(url, 200, type, null, null, null, $"Content type {type} is not read.");
        }
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return new WebResponse(url, 200, type, null, null, null, $"Over the size limit of {maxBytes} bytes.");
        }
        var path = Path.Combine(spoolFolder, Guid.NewGuid().ToString("N"));
        long length = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(timeoutToken);
            await using var file = File.Create(path);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, timeoutToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    throw new InvalidDataException($"Over the size limit of {maxBytes} bytes.");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), timeoutToken);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            File.Delete(path);
            return new WebResponse(url, 200, type, null, null, null, ex is OperationCanceledException ? "The body did not arrive in time." : ex.Message);
        }
        // Without ETag or Last-Modified, the content's hash is the version: unchanged content is still recognised.
        if (version is null)
        {
            await using var spooled = File.OpenRead(path);
            version = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(spooled, ct));
        }
        return new WebResponse(url, 200, type, path, version, length, null);
    }

    private static void AddConditions(HttpRequestMessage request, string? knownVersion)
    {
        if (knownVersion is null || knownVersion.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return;
        }
        if (knownVersion.StartsWith('"') || knownVersion.StartsWith("W/", StringComparison.Ordinal))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", knownVersion);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", knownVersion);
        }
    }
}

/// <param name="Status">The final HTTP status; 0 when no answer came.</param>
/// <param name="BodyPath">The spooled body (200 with a readable type within the limit), else null.</param>
internal sealed record WebResponse(Uri Url, int Status, string? ContentType, string? BodyPath, string? Version, long? Length, string? Problem)
{
    public static WebResponse Failed(Uri url, string problem) => new(url, 0, null, null, null, null, problem);

    /// <summary>The page is gone for good: its document leaves the index.</summary>
    public bool IsGone => Status is 404 or 410;
}
