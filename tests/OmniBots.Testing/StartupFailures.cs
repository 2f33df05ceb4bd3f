using Microsoft.Extensions.Logging;

namespace OmniBots.Testing;

/// <summary>
/// Keeps the exception the generic host logs when it fails to start. WebApplicationFactory waits
/// for the start through the host's services: when the host fails and is disposed before that
/// wait begins, the factory throws ObjectDisposedException and the real error is lost.
/// </summary>
internal sealed class StartupFailures : ILoggerProvider
{
    private Exception? _failure;

    public Exception? Failure => Volatile.Read(ref _failure);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(StartupFailures owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && IsEnabled(logLevel) && category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal))
            {
                Interlocked.CompareExchange(ref owner._failure, exception, null);
            }
        }
    }
}
