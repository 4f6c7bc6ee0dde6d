using System;

namespace Fapilog.Serilog.Outputs;

/// <summary>A file of a rolling set, as parsed from its name: its period, its sequence within the period.</summary>
/// <param name="Name">The file name (no folder).</param>
/// <param name="PeriodStart">The UTC start of the period; <see cref="DateTimeOffset.MinValue"/> for <see cref="FapilogRollingInterval.Infinite"/>.</param>
/// <param name="Sequence">0 for the first file of the period, then 1, 2, … after size rolls.</param>
/// <param name="IsCompressed">Whether this is the <c>.gz</c> form.</param>
internal readonly record struct LogFileName(string Name, DateTimeOffset PeriodStart, int Sequence, bool IsCompressed)
    : IComparable<LogFileName>
{
    /// <summary>Time order: by period, then by sequence (names alone stop sorting after sequence 999).</summary>
    public int CompareTo(LogFileName other)
    {
        int byPeriod = PeriodStart.CompareTo(other.PeriodStart);
        return byPeriod != 0 ? byPeriod : Sequence.CompareTo(other.Sequence);
    }

    public bool SameSlot(LogFileName other) => PeriodStart == other.PeriodStart && Sequence == other.Sequence;
}
