using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// Keeps the warnings and errors a test host logs (one line each, exception type and message included; no stack traces),
/// across restarts, so that a failing transcript says what went wrong inside the bot instead of only what it posted.
/// </summary>
public sealed class BotLog : ILoggerProvider
{
    private const int Capacity = 500;
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity) _lines.TryDequeue(out _);
    }

    private sealed class Logger(BotLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var error = exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]";
            log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{error}");
        }
    }
}
