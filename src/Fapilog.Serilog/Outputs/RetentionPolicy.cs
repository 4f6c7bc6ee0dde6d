using System;
using System.Collections.Generic;
using System.Linq;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Which files of a rolling set to delete: the pure rule, given parsed names, the clock and the limits.
/// </summary>
/// <remarks>
/// A slot (period + sequence) counts once even when both its plain and <c>.gz</c> forms exist (during
/// compression). The active slot and anything newer are never deleted, so the count limit includes the active file.
/// </remarks>
internal sealed class RetentionPolicy
{
    private readonly int? _countLimit;
    private readonly TimeSpan? _timeLimit;

    public RetentionPolicy(int? countLimit, TimeSpan? timeLimit)
    {
        _countLimit = countLimit;
        _timeLimit = timeLimit;
    }

    public bool IsUnlimited => _countLimit is null && _timeLimit is null;

    /// <param name="files">The files of the set found in the folder.</param>
    /// <param name="active">The slot being written to.</param>
    /// <param name="now">The current time.</param>
    /// <param name="newestContent">When the last event in a file may have been written (for the age limit).</param>
    /// <returns>The names to delete, oldest first.</returns>
    public IReadOnlyList<string> SelectForDeletion(
        IEnumerable<LogFileName> files, LogFileName active, DateTimeOffset now, Func<LogFileName, DateTimeOffset> newestContent)
    {
        if (IsUnlimited)
        {
            return Array.Empty<string>();
        }

        var slots = files
            .GroupBy(f => (f.PeriodStart, f.Sequence))
            .OrderByDescending(g => g.First())
            .ToList();

        // An age limit reaching back past the calendar's start (TimeSpan.MaxValue: "forever") deletes nothing by
        // age; computing now - age would overflow and fail every maintenance pass.
        DateTimeOffset? cutoff = _timeLimit is TimeSpan age && age < now - DateTimeOffset.MinValue ? now - age : null;
        var doomed = new List<string>();
        int kept = 0;
        foreach (var slot in slots)
        {
            var representative = slot.First();
            bool isActiveOrNewer = representative.CompareTo(active) >= 0;
            bool overCount = _countLimit is int limit && kept >= limit;
            bool tooOld = cutoff is DateTimeOffset limitTime && newestContent(representative) <= limitTime;
            if (isActiveOrNewer || !(overCount || tooOld))
            {
                kept++;
                continue;
            }

            doomed.AddRange(slot.Select(f => f.Name));
        }

        doomed.Reverse();
        return doomed;
    }
}
