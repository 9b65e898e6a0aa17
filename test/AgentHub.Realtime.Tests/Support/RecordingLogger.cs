using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>A logger that keeps every entry, so tests can assert what the hub logged (and that tokens were not).</summary>
public sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string EventName, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId.Name ?? "", formatter(state, exception)));

    public bool Contains(string eventName) => Entries.Any(e => e.EventName == eventName);
}
