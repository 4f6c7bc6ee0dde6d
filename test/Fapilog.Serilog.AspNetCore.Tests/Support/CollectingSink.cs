using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore.Tests.Support;

/// <summary>Keeps every event it is given (inside the pipeline: on the writer thread).</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> WithMessage(string text) =>
        Events.Where(e => e.MessageTemplate.Text.Contains(text, System.StringComparison.Ordinal)).ToList();

    public IReadOnlyList<LogEvent> Completions => WithMessage("responded");
}
