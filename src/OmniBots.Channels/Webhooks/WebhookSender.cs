using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace OmniBots.Channels.Webhooks;

/// <param name="StatusCode">The receiver's status; null when there was no response (timeout, refused, DNS).</param>
internal sealed record DeliveryOutcome(bool Succeeded, int? StatusCode, double DurationMs, string? Error);

/// <summary>
/// One signed POST to a receiver, through the SSRF-guarded client (<see cref="WebhookHttp"/>), within
/// <see cref="WebhookOptions.TimeoutSeconds"/>. Only a 2xx answer is a success; redirects are not followed (a receiver
/// must not bounce the platform elsewhere), and the response body is not read.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string EventHeader = "X-OmniBots-Event";
    public const string DeliveryHeader = "X-OmniBots-Delivery";
    public const string TimestampHeader = "X-OmniBots-Timestamp";
    public const string SignatureHeader = "X-OmniBots-Signature";

    public async Task<DeliveryOutcome> SendAsync(string url, string secret, Guid deliveryId, string eventType, string body, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventHeader, eventType);
        request.Headers.Add(DeliveryHeader, deliveryId.ToString());
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Header(secret, timestamp, body));
        request.Headers.UserAgent.ParseAdd("OmniBots-Webhooks/1.0");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(WebhookHttp.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var ok = code is >= 200 and < 300;
            return new DeliveryOutcome(ok, code, Elapsed(started), ok ? null : $"The receiver answered {code} {response.ReasonPhrase}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, null, Elapsed(started), $"No answer within {options.Value.TimeoutSeconds} s.");
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryOutcome(false, null, Elapsed(started), Describe(ex));
        }
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>The innermost message names the cause (refused address, DNS, connection refused) without a stack.</summary>
    private static string Describe(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            message = inner.Message;
        }
        return message.Length > 500 ? message[..500] : message;
    }
}
