using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OmniBots.Testing;

/// <summary>
/// Keeps the exception the generic host logs when it fails to start. WebApplicationFactory's
/// deferred host asks the app's service provider for its lifetime after Program's Run may already
/// have failed and disposed it, so a start failure (a setting refused by ValidateOnStart) can surface
/// as an ObjectDisposedException instead; <see cref="OmniBotsHostFactory.StartAsync"/> rethrows this one.
/// </summary>
internal sealed class StartFailureCapture : ILoggerProvider
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private Exception? _failure;

    public Exception? Failure => Volatile.Read(ref _failure);

    public ILogger CreateLogger(string categoryName) => categoryName == HostCategory ? new HostLogger(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class HostLogger(StartFailureCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && exception is not null)
            {
                Interlocked.CompareExchange(ref capture._failure, exception, null);
            }
        }
    }
}
