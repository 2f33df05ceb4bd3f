using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Platform.Tests.Jobs;

public sealed record LogRecord(LogLevel Level, string Category, string Message, Exception? Exception);

/// <summary>Keeps every log entry from Information up, whatever the host's log levels, so tests can
/// assert on what operators would read.</summary>
public sealed class RecordedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyList<LogRecord> All => [.. _records];

    public IReadOnlyList<LogRecord> Containing(string text) => [.. _records.Where(r => r.Message.Contains(text, StringComparison.Ordinal))];

    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.AddLogging(logging => logging.AddFilter<RecordedLogs>(null, LogLevel.Information));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._records.Enqueue(new LogRecord(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
