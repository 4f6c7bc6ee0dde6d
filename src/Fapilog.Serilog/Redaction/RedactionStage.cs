using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The writer-side redaction stage: the event's properties, its template's text and (opt-in) its exception's text,
/// redacted once per event for every output of the pipeline. An event with nothing to redact passes as it is (no
/// allocation; nearly always said by the clean path of RedactionStage.Clean.cs without walking it); one with a hit is replaced by a new <see cref="LogEvent"/> (the shared one is never changed) that
/// keeps the timestamp, level, trace and span, and the pipeline's sequence, level and message id.
/// </summary>
/// <remarks>
/// The rendered message needs nothing of its own: every formatter renders it from the event's properties, which are
/// the redacted ones. A value that cannot be checked (its <c>ToString</c> throws, a pattern times out) is masked, or
/// fails the whole event with <see cref="RedactionFailureMode.DropEvent"/>: the stage seam then counts it failed and
/// it reaches no output. Writer thread only.
/// </remarks>
internal sealed partial class RedactionStage : IEventStage
{
    private readonly RedactionRules _rules;
    private readonly PropertyRedactor _values;
    private readonly PipelineCounters _counters;

    public RedactionStage(FapilogRedactionOptions options, PipelineCounters counters)
        : this(new RedactionRules(options), counters)
    {
    }

    internal RedactionStage(RedactionRules rules, PipelineCounters counters)
    {
        _rules = rules;
        _values = new PropertyRedactor(_rules);
        _counters = counters;
    }

    /// <summary>
    /// <paramref name="stages"/> with the redaction stage of <paramref name="options"/> last (after sampling, so that it
    /// redacts only what is kept, and also what a stage adds, a summary event), or unchanged when redaction is off.
    /// </summary>
    public static IReadOnlyList<IEventStage> Append(IReadOnlyList<IEventStage> stages, FapilogRedactionOptions options, PipelineCounters counters)
    {
        if (!options.Enabled)
        {
            return stages;
        }

        var all = new List<IEventStage>(stages) { new RedactionStage(options, counters) };
        return all;
    }

    public bool Process(ref FapilogEvent e)
    {
        // Nearly every event has nothing to redact: said by the template's plan and a look at each value, with no
        // allocation and no count; anything else takes the full walk below, which decides, masks and counts.
        return IsCertainlyClean(e.LogEvent) || Redact(ref e);
    }

    /// <summary>How many events took the full walk (tests tell the clean path by it).</summary>
    internal long FullWalks { get; private set; }

    private bool Redact(ref FapilogEvent e)
    {
        FullWalks++;
        var logEvent = e.LogEvent;
        _values.Redacted = 0;
        _values.Template = logEvent.MessageTemplate;
        int failures = 0;
        List<LogEventProperty>? properties = null;
        int index = 0;
        foreach (var (name, value) in Properties(logEvent))
        {
            LogEventPropertyValue? redacted;
            string? maskedName = null;
            try
            {
                redacted = _values.Redact(name, value);
                maskedName = _values.Name(name, index);
            }
            catch (Exception ex) when (ex is not RedactionFailedException)
            {
                redacted = Failed(name, ex, ref failures);
            }

            if ((redacted is not null || maskedName is not null) && properties is null)
            {
                properties = CopyFirst(logEvent, index);
            }

            properties?.Add(new LogEventProperty(maskedName ?? name, redacted ?? value));
            index++;
        }

        var template = Template(logEvent.MessageTemplate, ref failures);
        var exception = _rules.RedactExceptions && logEvent.Exception is { } ex0 ? Exception(ex0, ref failures) : logEvent.Exception;
        Count(_values.Redacted, failures);
        if (properties is null && ReferenceEquals(template, logEvent.MessageTemplate) && ReferenceEquals(exception, logEvent.Exception))
        {
            return true;
        }

        IEnumerable<LogEventProperty> all = properties ?? CopyFirst(logEvent, int.MaxValue);
        var replaced = new LogEvent(
            logEvent.Timestamp, logEvent.Level, exception, template, all,
            logEvent.TraceId ?? default, logEvent.SpanId ?? default);
        e = new FapilogEvent(replaced, e.Sequence, e.Level, e.MessageId);
        return true;
    }

    private ScalarValue Failed(string name, Exception error, ref int failures)
    {
        failures++;
        if (_rules.OnFailure == RedactionFailureMode.DropEvent)
        {
            Count(_values.Redacted, failures);
            throw new RedactionFailedException($"property '{name}' could not be checked", error);
        }

        _values.Redacted++;
        return _values.Masked;
    }

    private void Count(int redacted, int failures)
    {
        if (redacted > 0)
        {
            System.Threading.Interlocked.Add(ref _counters.Redacted, redacted);
        }

        if (failures > 0)
        {
            System.Threading.Interlocked.Add(ref _counters.RedactionFailures, failures);
        }
    }

    private static List<LogEventProperty> CopyFirst(LogEvent logEvent, int count)
    {
        var copy = new List<LogEventProperty>(logEvent.Properties.Count);
        foreach (var (name, value) in Properties(logEvent))
        {
            if (copy.Count == count)
            {
                break;
            }

            copy.Add(new LogEventProperty(name, value));
        }

        return copy;
    }

    // Serilog keeps the properties in a Dictionary: enumerating it as one avoids boxing an enumerator per event.
    private static Dictionary<string, LogEventPropertyValue> Properties(LogEvent logEvent) =>
        logEvent.Properties as Dictionary<string, LogEventPropertyValue> ?? new(logEvent.Properties);
}
