using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>The levels a sampling rule must let through, as a bit set (one test per event).</summary>
internal readonly struct ExemptLevels
{
    private readonly int _bits;

    public ExemptLevels(IEnumerable<FapilogLevel> levels)
    {
        foreach (var level in levels)
        {
            _bits |= 1 << PipelineCounters.LevelIndex(level);
        }
    }

    public bool Contains(FapilogLevel level) => (_bits & (1 << PipelineCounters.LevelIndex(level))) != 0;
}
