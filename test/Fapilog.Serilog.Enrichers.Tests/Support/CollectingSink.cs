using System.Collections.Generic;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers.Tests.Support;

/// <summary>A plain Serilog sink that keeps what it receives; safe to use from concurrent loggers.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly List<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    public LogEvent Single
    {
        get
        {
            var events = Events;
            Assert.Single(events);
            return events[0];
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_events)
        {
            _events.Add(logEvent);
        }
    }
}
