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
/// the sequence, level and message id). An exception fails that event only: it is counted failed, reported, and
/// reaches no output (fail closed).
/// </remarks>
internal interface IEventStage
{
    /// <summary>Processes one event; false filters it out (counted as filtered, reaching no output).</summary>
    bool Process(ref FapilogEvent e);
}

/// <summary>Runs a pipeline's stages over a batch, keeping what passes in order at the front of the batch.</summary>
internal sealed class EventStages
{
    private readonly IEventStage[] _stages;
    private List<LogEvent>? _failed;
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
    /// Runs every stage over <paramref name="batch"/>[0, <paramref name="count"/>) and moves the events that passed,
    /// in order, to the front. Returns how many passed; <paramref name="filtered"/> and <paramref name="failed"/> say
    /// what happened to the others (the failed ones are in <see cref="TakeFailed"/>).
    /// </summary>
    public int Process(FapilogEvent[] batch, int count, out int filtered, out int failed)
    {
        Invariants.OwnedBy(ref _owner, "the writer-side stages");
        int kept = 0;
        filtered = 0;
        failed = 0;
        for (int i = 0; i < count; i++)
        {
            var e = batch[i];
            batch[i] = default;
            switch (Run(ref e))
            {
                case Outcome.Kept:
                    batch[kept++] = e;
                    break;
                case Outcome.Filtered:
                    filtered++;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        return kept;
    }

    /// <summary>The events the last <see cref="Process"/> failed, the first error and its stage; null when none failed.</summary>
    public (List<LogEvent> Events, Exception Error, string Stage)? TakeFailed()
    {
        if (_failed is null)
        {
            return null;
        }

        var taken = (_failed, _firstError!, _failedStage!);
        _failed = null;
        _firstError = null;
        _failedStage = null;
        return taken;
    }

    private Outcome Run(ref FapilogEvent e)
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
                (_failed ??= new()).Add(e.LogEvent ?? original);
                _failedStage ??= stage.GetType().Name;
                _firstError ??= ex;
                return Outcome.Failed;
            }

#if DEBUG
            Invariants.Holds(Fingerprint(original) == fingerprint, $"stage {stage.GetType().Name} left the shared LogEvent unchanged");
#endif
            if (!keep)
            {
                return Outcome.Filtered;
            }

            Invariants.Holds(e.LogEvent is not null && e.Sequence == sequence, $"stage {stage.GetType().Name} kept the event's sequence");
        }

        return Outcome.Kept;
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

    private enum Outcome
    {
        Kept,
        Filtered,
        Failed,
    }
}
