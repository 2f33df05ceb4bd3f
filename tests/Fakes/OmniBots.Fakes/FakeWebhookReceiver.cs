using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>One request the receiver got, with the outcome of its own signature check.</summary>
public sealed record ReceivedWebhook(
    string Path, IReadOnlyDictionary<string, string> Headers, string Body, bool SignatureValid, string? VerificationError, int AnsweredStatus)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A customer's webhook endpoint: any POST path on 127.0.0.1, verified the way docs/webhooks.md tells customers to —
/// <c>X-OmniBots-Signature: t=…,v1=…</c> is the hex HMAC-SHA256 of <c>"t.body"</c> under the path's secret, compared
/// in constant time, with the timestamp within <see cref="Tolerance"/>. Answers 200 when valid, 400 when not, or the
/// scripted failure status (<see cref="FailNext"/>). Every request is recorded.
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Lock _failures = new();
    private int _failNext;
    private int _failStatus;
    private WebApplication? _app;

    public Uri Root { get; private set; } = null!;
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var receiver = new FakeWebhookReceiver();
        (receiver._app, receiver.Root) = await FakeHttpHost.StartAsync(app => app.MapPost("/{**path}", receiver.ReceiveAsync));
        return receiver;
    }

    /// <summary>The URL of <paramref name="path"/> (e.g. "tenant-a/hooks").</summary>
    public Uri UrlFor(string path) => new(Root, path);

    /// <summary>The signing secret the customer stored for the endpoint at <paramref name="path"/>.</summary>
    public void SetSecret(string path, string secret) => _secrets[Normalize(path)] = secret;

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/> whatever their signature.</summary>
    public void FailNext(int count, int status = StatusCodes.Status500InternalServerError)
    {
        lock (_failures)
        {
            _failNext = count;
            _failStatus = status;
        }
    }

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string path) => Received.Where(r => r.Path == Normalize(path)).ToList();

    private async Task<IResult> ReceiveAsync(HttpContext context, string path)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var error = _secrets.TryGetValue(Normalize(path), out var secret)
            ? Verify(secret, headers.GetValueOrDefault("X-OmniBots-Signature"), body)
            : "no secret configured for this path";
        var status = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        lock (_failures)
        {
            if (_failNext > 0)
            {
                _failNext--;
                status = _failStatus;
            }
        }
        _received.Enqueue(new ReceivedWebhook(Normalize(path), headers, body, error is null, error, status));
        return Results.StatusCode(status);
    }

    /// <summary>What a customer's endpoint does: null when the signature is good, else why not.</summary>
    public string? Verify(string secret, string? header, string body)
    {
        if (string.IsNullOrEmpty(header))
        {
            return "missing signature";
        }
        string? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim() == "t")
            {
                t = kv[1].Trim();
            }
            else if (kv.Length == 2 && kv[0].Trim() == "v1")
            {
                candidates.Add(kv[1].Trim());
            }
        }
        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return "no timestamp";
        }
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) > Tolerance.TotalSeconds)
        {
            return "timestamp outside the tolerance (replay?)";
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        foreach (var candidate in candidates)
        {
            try
            {
                if (CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(candidate)))
                {
                    return null;
                }
            }
            catch (FormatException)
            {
                // Not hex: not a match.
            }
        }
        return "signature mismatch";
    }

    private static string Normalize(string path) => path.Trim('/');

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
