using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>The stages' second duty: the events a stage adds (see <see cref="IEmittingStage"/>).</summary>
internal sealed partial class EventStages
{
    // (stage index, stage) of every stage that adds events, in stage order.
    private readonly (int Index, IEmittingStage Stage)[] _emitting;
    private readonly List<LogEvent> _added = new();

    /// <summary>Whether any stage adds events of its own (without one, the writer never asks).</summary>
    public bool Emits => _emitting.Length > 0;

    /// <summary>
    /// Writer thread: asks every adding stage, in stage order, for what <paramref name="scope"/> makes due, at most
    /// <c>into.Length</c> events in all; each runs through the stages after the one that added it, numbered by
    /// <paramref name="stamp"/>. Leaves the kept ones at the front of <paramref name="into"/> and returns how many;
    /// <paramref name="full"/> says the room ran out (ask again: more may be held).
    /// </summary>
    public int Emit(DateTimeOffset now, EmitScope scope, Func<LogEvent, FapilogEvent> stamp, FapilogEvent[] into, out int filtered, out int failed, out bool full)
    {
        Invariants.OwnedBy(ref _owner, "the writer-side stages");
        Array.Clear(_filteredBy);
        filtered = 0;
        failed = 0;
        int kept = 0;
        int added = 0;
        foreach (var (index, stage) in _emitting)
        {
            _added.Clear();
            try
            {
                stage.EmitDue(now, scope, _added, into.Length - added);
            }
            catch (Exception ex)
            {
                // What it held is lost with it; reported like a failed event, with no event to count.
                Fail(_stages[index], ex);
                continue;
            }

            for (int i = 0; i < _added.Count && added < into.Length; i++, added++)
            {
                var e = stamp(_added[i]);
                byte outcome = RunOne(ref e, from: index + 1);
                Tally(outcome, ref filtered, ref failed);
                if (outcome == Kept)
                {
                    into[kept++] = e;
                }
            }
        }

        _added.Clear();
        full = added == into.Length;
        return kept;
    }

    /// <summary>When the first held window of any adding stage closes, or null.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? first = null;
        foreach (var (_, stage) in _emitting)
        {
            if (stage.NextDue is { } due && (first is null || due < first))
            {
                first = due;
            }
        }

        return first;
    }

    private static (int, IEmittingStage)[] FindEmitting(IEventStage[] stages)
    {
        var found = new List<(int, IEmittingStage)>();
        for (int i = 0; i < stages.Length; i++)
        {
            if (stages[i] is IEmittingStage emitting)
            {
                found.Add((i, emitting));
            }
        }

        return found.ToArray();
    }
}
