using System.Diagnostics;

namespace OmniBots.Fakes;

/// <summary>
/// A real S3 peer for tests: moto's standalone server (the AWS mock boto's own tests use), run as a
/// child process on a free 127.0.0.1 port. It speaks S3's REST/XML protocol with SigV4, multipart
/// uploads, copies and ListObjectsV2, so the SDK and the store run unchanged against it. Each
/// instance keeps its state in memory and loses it when stopped.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    public const string InstallHint = "pip install 'moto[server]'";
    public const string AccessKeyId = "testing";
    public const string SecretAccessKey = "testing";
    public const string Region = "us-east-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess _process;

    private MotoServer(ChildProcess process, Uri serviceUrl)
    {
        _process = process;
        ServiceUrl = serviceUrl;
    }

    /// <summary>The endpoint, e.g. <c>http://127.0.0.1:40123/</c>; buckets are addressed path-style.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>Starts a server and returns once it answers HTTP. Throws <see cref="FakeServiceMissingException"/>
    /// when moto_server is not installed.</summary>
    public static Task<MotoServer> StartAsync(CancellationToken ct = default) => StartAsync(Locate(), ct);

    /// <summary>Starts the given moto_server program.</summary>
    public static async Task<MotoServer> StartAsync(string program, CancellationToken ct)
    {
        if (!File.Exists(program))
        {
            throw new FakeServiceMissingException($"moto_server '{program}' does not exist. Install it with {InstallHint}.");
        }
        Exception? last = null;
        // The free port can be taken between choosing it and moto binding it: try a few.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{LoopbackPort.GetFree()}/");
            var process = ChildProcess.Start(program, ["-H", "127.0.0.1", "-p", url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            try
            {
                await WaitUntilAnswersAsync(process, url, ct);
                return new MotoServer(process, url);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                last = ex;
                await process.DisposeAsync();
            }
        }
        throw new InvalidOperationException($"moto_server ({program}) did not start: {last?.Message}", last);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task WaitUntilAnswersAsync(ChildProcess process, Uri url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"it exited at start (if it is not installed for the active Python, run {InstallHint}). Output:{Environment.NewLine}{process.RecentOutput}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(url, "moto-api/"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"it did not answer on {url} within {StartTimeout.TotalSeconds:0} s. Output:{Environment.NewLine}{process.RecentOutput}");
    }

    /// <summary>MOTO_SERVER if set, else PATH, else pyenv's shims (where pip puts it on these machines).</summary>
    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("MOTO_SERVER");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".pyenv", "shims"))
            .Append(Path.Combine(home, ".local", "bin"))
            .Select(folder => Path.Combine(folder, "moto_server"));
        return candidates.FirstOrDefault(File.Exists) ?? throw new FakeServiceMissingException(
            "moto_server, the S3 peer of the S3 blob store tests, is not installed (looked in PATH, ~/.pyenv/shims and " +
            $"~/.local/bin). Install it with {InstallHint} (Python 3), or set MOTO_SERVER to its path.");
    }
}
