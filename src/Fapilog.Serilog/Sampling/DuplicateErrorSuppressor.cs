using System;
using System.Collections.Generic;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog;

/// <summary>
/// Suppression of duplicate errors, keyed by the template's text, the exception's type and the level (a Fatal is never
/// hidden in the summary of an Error, nor an audit event in another level's). The first error of a key
/// passes and opens its window; duplicates inside it are filtered and counted; the window's summary is handed to the
/// writer when the window closes (<see cref="EmitScope.Due"/>), or earlier at a flush (the count starts again, the window
/// goes on) and at the close.
/// </summary>
/// <remarks>
/// Windows open in clock order and all last as long, so the open ones, in a FIFO, are also in the order they close: the
/// writer's check before each batch looks at the front only. When <c>MaxKeys</c> windows are open, the errors of new
/// keys pass unsuppressed until one closes. The summary is a new event at the level of the window's first error (with
/// its audit/security marker, if it had one), no exception, stamped with the pipeline's clock.
/// </remarks>
internal sealed class DuplicateErrorSuppressor : IEventStage, IReasonedStage, IEmittingStage
{
    internal static readonly MessageTemplate SummaryTemplate = new MessageTemplateParser().Parse(
        "{SuppressedCount} repeats of {SuppressedTemplate:l} ({ExceptionType:l}) suppressed in the last {SuppressedFor}");

    private readonly FapilogDuplicateErrorOptions _options;
    private readonly ExemptLevels _exempt;
    private readonly long _window;
    private readonly Dictionary<(SamplingKey Key, FapilogLevel Level), Window> _open = new();
    private readonly Queue<Window> _byClose = new();
    private long _now;

    public DuplicateErrorSuppressor(FapilogDuplicateErrorOptions options, ExemptLevels exempt)
    {
        _options = options;
        _exempt = exempt;
        _window = options.Window.Ticks;
    }

    public FilterReason Reason => FilterReason.DuplicateError;

    /// <summary>How many windows are open now (tests: the bound holds).</summary>
    public int KeyCount => _open.Count;

    public void BeginBatch(DateTimeOffset now) => _now = now.UtcTicks;

    public bool Process(ref FapilogEvent e)
    {
        if (e.Level < _options.MinimumLevel || _exempt.Contains(e.Level))
        {
            return true;
        }

        var logEvent = e.LogEvent;
        var key = (new SamplingKey(logEvent.MessageTemplate.Text, logEvent.Exception?.GetType()), e.Level);
        if (_open.TryGetValue(key, out var window))
        {
            window.Suppressed++;
            return false;
        }

        if (_open.Count < _options.MaxKeys)
        {
            window = new Window(key.Item1, e.Level, _now, logEvent);
            _open.Add(key, window);
            _byClose.Enqueue(window);
        }

        return true;
    }

    public DateTimeOffset? NextDue =>
        _byClose.TryPeek(out var first) ? new DateTimeOffset(first.Start + _window, TimeSpan.Zero) : null;

    public void EmitDue(DateTimeOffset now, EmitScope scope, List<LogEvent> into, int room)
    {
        _now = now.UtcTicks;
        while (into.Count < room && _byClose.TryPeek(out var window) && (HasClosed(window) || scope == EmitScope.Final))
        {
            if (window.Suppressed > 0)
            {
                into.Add(Summary(window, now, closed: _now - window.Start >= _window));
            }

            _byClose.Dequeue();
            _open.Remove((window.Key, window.FapilogLevel));
        }

        if (scope == EmitScope.Pending)
        {
            foreach (var open in _byClose)
            {
                if (into.Count >= room)
                {
                    break;
                }

                if (open.Suppressed > 0)
                {
                    into.Add(Summary(open, now, closed: false));
                    open.Suppressed = 0;
                    open.Since = _now;
                }
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="window"/> is over: its length has passed, or the clock went back before its start (as
    /// the first-occurrence rule does: otherwise a clock set back by a day would suppress that error for a day more).
    /// The open windows are in clock order up to the set-back, so every one it strands is at the front.
    /// </summary>
    private bool HasClosed(Window window) => _now - window.Start >= _window || _now < window.Start;

    /// <summary>"N repeats of X suppressed in the last T": T is the window when it closed, else the time since the count began.</summary>
    private LogEvent Summary(Window window, DateTimeOffset now, bool closed)
    {
        var span = closed && window.Since == window.Start ? _options.Window : TimeSpan.FromTicks(Math.Max(0, _now - window.Since));
        var properties = new List<LogEventProperty>(5)
        {
            new("SuppressedCount", new ScalarValue(window.Suppressed)),
            new("SuppressedTemplate", new ScalarValue(window.Key.Template)),
            new("ExceptionType", new ScalarValue(((Type?)window.Key.Value)?.FullName ?? "no exception")),
            new("SuppressedFor", new ScalarValue(span)),
        };
        if (window.Marker is not null)
        {
            properties.Add(new LogEventProperty(FapilogProperties.Level, window.Marker));
        }

        return new LogEvent(now, window.Level, null, SummaryTemplate, properties);
    }

    private sealed class Window(SamplingKey key, FapilogLevel level, long start, LogEvent first)
    {
        public SamplingKey Key { get; } = key;

        public FapilogLevel FapilogLevel { get; } = level;

        public long Start { get; } = start;

        public LogEventLevel Level { get; } = first.Level;

        // The audit/security marker of the first error, so the summary keeps its level.
        public LogEventPropertyValue? Marker { get; } =
            first.Level == LogEventLevel.Fatal && first.Properties.TryGetValue(FapilogProperties.Level, out var marker) ? marker : null;

        public long Since { get; set; } = start;

        public long Suppressed { get; set; }
    }
}
