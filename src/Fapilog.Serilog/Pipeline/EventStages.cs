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
/// the counters' lock together with the counts of the others. A filtered event's outcome carries the stage's
/// <see cref="FilterReason"/>, so that the count by reason is exact too. Stages that add events of their own are
/// asked for them between batches (<see cref="Emit"/>, in EventStages.Emit.cs).
/// </summary>
internal sealed partial class EventStages
{
    private const byte Kept = 0;
    private const byte Failed = 1;
    private const byte FilteredBase = 2; // + (byte)FilterReason

    private readonly IEventStage[] _stages;
    private readonly byte[] _reasons;
    private readonly ITimedStage[] _timed;
    private readonly int[] _filteredBy = new int[FilterReasons.Count];
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

        _reasons = Array.ConvertAll(_stages, s => (byte)(s is IReasonedStage r ? r.Reason : FilterReason.Other));
        _timed = Array.ConvertAll(Array.FindAll(_stages, s => s is ITimedStage), s => (ITimedStage)s);
        _emitting = FindEmitting(_stages);
    }

    /// <summary>Whether there is any stage (without one, the batch goes to the sinks untouched).</summary>
    public bool Any => _stages.Length > 0;

    /// <summary>The events the last <see cref="Run"/> (or <see cref="Emit"/>) filtered, by <see cref="FilterReason"/>.</summary>
    public int[] FilteredBy => _filteredBy;

    /// <summary>Writer thread, once per batch before <see cref="Run"/>: the clock for the stages that keep time.</summary>
    public void BeginBatch(DateTimeOffset now)
    {
        foreach (var stage in _timed)
        {
            stage.BeginBatch(now);
        }
    }

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
        Array.Clear(_filteredBy);
        for (int i = 0; i < count; i++)
        {
            var e = batch[i];
            byte outcome = RunOne(ref e, from: 0);
            _outcomes[i] = outcome;
            Tally(outcome, ref filtered, ref failed);
            if (outcome == Kept && !Same(e, batch[i]))
            {
                batch[i] = e; // the event as the stages left it: a replacement (the same is not stored again)
            }
        }

        return filtered + failed > 0;
    }

    // Whether a stage left the event as it was (nearly always): storing it back would only cost a copy and a write barrier.
    // The sequence needs no compare: RunOne fails a stage that changes it, so a kept event has its own.
    private static bool Same(in FapilogEvent a, in FapilogEvent b) =>
        ReferenceEquals(a.LogEvent, b.LogEvent) && a.Level == b.Level && a.MessageId == b.MessageId;

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

    private void Tally(byte outcome, ref int filtered, ref int failed)
    {
        if (outcome == Failed)
        {
            failed++;
        }
        else if (outcome >= FilteredBase)
        {
            filtered++;
            _filteredBy[outcome - FilteredBase]++;
        }
    }

    /// <summary>Runs the stages from index <paramref name="from"/> on (an added event starts after the stage that added it).</summary>
    private byte RunOne(ref FapilogEvent e, int from)
    {
        var original = e.LogEvent;
        long sequence = e.Sequence;
#if DEBUG
        var fingerprint = Fingerprint(original);
#endif
        for (int s = from; s < _stages.Length; s++)
        {
            var stage = _stages[s];
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
                return (byte)(FilteredBase + _reasons[s]);
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
