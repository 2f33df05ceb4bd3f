using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace OmniBots.Platform.Tests.Http;

/// <summary>
/// A logger provider that keeps each entry of Warning and above as the host's JSON console
/// formatter renders it, with the scopes that were active, so tests can read what operators
/// would see on stdout without racing the console.
/// </summary>
public sealed class CapturedLogs(IServiceProvider services) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<JsonElement> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<JsonElement> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Write<TState>(LogEntry<TState> entry)
    {
        var json = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        using var writer = new StringWriter();
        json.Write(entry, _scopes, writer);
        _lines.Enqueue(JsonDocument.Parse(writer.ToString()).RootElement.Clone());
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
            }
        }
    }
}
