using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// A writer-side step that runs once per event for every output of a pipeline, between stamping and dispatch:
/// where redaction, sampling and rate limiting belong. It runs on the writer thread only, one event at a time.
/// </summary>
/// <remarks>
/// A stage never mutates the <see cref="LogEvent"/> it is given: every other sink of the logger shares it. To change
/// an event it replaces <c>e</c> with a new <see cref="FapilogEvent"/> around a new <see cref="LogEvent"/> (keeping
/// the sequence, level and message id). An exception, or a broken contract, fails that event only (fail closed): it is
/// counted failed, reported to SelfLog, and reaches no output. Nor is it handed to Serilog's failure listener: a
/// fallback is an output too, and the event as it was before a failed redaction is exactly what must not reach one.
/// </remarks>
internal interface IEventStage
{
    /// <summary>Processes one event; false filters it out (counted as filtered, reaching no output).</summary>
    bool Process(ref FapilogEvent e);
}

/// <summary>
/// Runs a pipeline's stages over a batch in two steps: <see cref="Run"/> processes every event in place (a replaced
/// event is written back, nothing moves), so that a close giving up on a writer stuck in a stage still finds the whole
/// batch where it expects it; <see cref="Compact"/> then moves the events that passed to the front, in order, under
/// the counters' lock together with the counts of the others.
/// </summary>
internal sealed class EventStages
{
    private const byte Kept = 0;
    private const byte Filtered = 1;
    private const byte Failed = 2;

    private readonly IEventStage[] _stages;
    private byte[] _outcomes = Array.Empty<byte>();
    private int _failedCount;
    private Exception? _firstError;
    private string? _failedStage;
    private int _owner; // Debug: the writer thread

    public EventStages(IReadOnlyList<IEventStage> stages)
    {
        _stages = new IEventStage[stages.Count];
        for (int i = 0; i < _stages.Length; i++)
        {
            _stages[i] = stages[i];
        }
    }

    /// <summary>Whether there is any stage (without one, the batch goes to the sinks untouched).</summary>
    public bool Any => _stages.Length > 0;

    /// <summary>
    /// Runs every stage over <paramref name="batch"/>[0, <paramref name="count"/>) in place. Returns whether any event
    /// was taken out; <paramref name="filtered"/> and <paramref name="failed"/> say how many of each.
    /// </summary>
    public bool Run(FapilogEvent[] batch, int count, out int filtered, out int failed)
    {
        Invariants.OwnedBy(ref _owner, "the writer-side stages");
        if (_outcomes.Length < count)
        {
            _outcomes = new byte[batch.Length];
        }

        filtered = 0;
        failed = 0;
        for (int i = 0; i < count; i++)
        {
            var e = batch[i];
            byte outcome = RunOne(ref e);
            _outcomes[i] = outcome;
            if (outcome == Kept)
            {
                batch[i] = e; // the event as the stages left it (a replacement, or the same)
            }
            else if (outcome == Filtered)
            {
                filtered++;
            }
            else
            {
                failed++;
            }
        }

        return filtered + failed > 0;
    }

    /// <summary>After <see cref="Run"/>: moves the kept events to the front, in order, and clears the rest. Returns how many.</summary>
    public int Compact(FapilogEvent[] batch, int count)
    {
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (_outcomes[i] == Kept)
            {
                batch[kept++] = batch[i];
            }
        }

        Array.Clear(batch, kept, count - kept);
        return kept;
    }

    /// <summary>How many events the last <see cref="Run"/> failed, the first error and its stage; null when none failed.</summary>
    public (int Count, Exception Error, string Stage)? TakeFailed()
    {
        if (_failedCount == 0)
        {
            return null;
        }

        var taken = (_failedCount, _firstError!, _failedStage!);
        _failedCount = 0;
        _firstError = null;
        _failedStage = null;
        return taken;
    }

    private byte RunOne(ref FapilogEvent e)
    {
        var original = e.LogEvent;
        long sequence = e.Sequence;
#if DEBUG
        var fingerprint = Fingerprint(original);
#endif
        foreach (var stage in _stages)
        {
            bool keep;
            try
            {
                keep = stage.Process(ref e);
            }
            catch (Exception ex)
            {
                return Fail(stage, ex);
            }

#if DEBUG
            if (Fingerprint(original) != fingerprint)
            {
                return Fail(stage, new InvariantViolationException($"stage {stage.GetType().Name} left the shared LogEvent unchanged"));
            }
#endif
            if (!keep)
            {
                return Filtered;
            }

            if (e.LogEvent is null || e.Sequence != sequence)
            {
                // One check in every build: a sink must never be handed an event without a LogEvent, or out of place.
                return Fail(stage, new InvalidOperationException($"stage {stage.GetType().Name} replaced the event with one that has no LogEvent or another sequence"));
            }
        }

        return Kept;
    }

    private byte Fail(IEventStage stage, Exception error)
    {
        _failedCount++;
        _failedStage ??= stage.GetType().Name;
        _firstError ??= error;
        return Failed;
    }

#if DEBUG
    /// <summary>Debug builds: what a stage must not change in the shared event (its properties, by reference).</summary>
    private static int Fingerprint(LogEvent logEvent)
    {
        var hash = new HashCode();
        hash.Add(logEvent.MessageTemplate);
        hash.Add(logEvent.Level);
        hash.Add(logEvent.Exception);
        foreach (var property in logEvent.Properties)
        {
            hash.Add(property.Key);
            hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(property.Value));
        }

        return hash.ToHashCode();
    }
#endif
}
