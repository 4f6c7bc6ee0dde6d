using System;
using System.Linq;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>The workload's event, built once through a real logger so its properties are what Serilog binds.</summary>
internal static class BenchEvents
{
    public const string Template = "Order {OrderId} for {Customer} took {Elapsed} ms";

    public static LogEvent Workload(Action<LoggerConfiguration>? enrich = null)
    {
        var capture = new CaptureSink();
        var config = new LoggerConfiguration().WriteTo.Sink(capture);
        enrich?.Invoke(config);
        using (var logger = config.CreateLogger())
        {
            logger.Information(Template, 42, "cust-0", 12.5);
        }

        return capture.Last ?? throw new InvalidOperationException("no event captured");
    }

    /// <summary>A copy of <paramref name="source"/> an enricher can add to without changing the original.</summary>
    public static LogEvent Copy(LogEvent source) =>
        new(source.Timestamp, source.Level, source.Exception, source.MessageTemplate,
            source.Properties.Select(p => new LogEventProperty(p.Key, p.Value)));

    private sealed class CaptureSink : ILogEventSink
    {
        public LogEvent? Last { get; private set; }

        public void Emit(LogEvent logEvent) => Last = logEvent;
    }
}

/// <summary>Does nothing: Serilog's front-end cost alone, and the writer's cheapest possible sink.</summary>
internal sealed class NullSink : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
    }
}
