namespace Fapilog.Serilog;

/// <summary>
/// Level sampling, counter based: per level, a phase in millionths that each event moves on by the level's rate; an
/// event is kept when it starts a new whole unit. Of the first n events of a level exactly ceil(n × rate) are kept, the
/// first always, evenly spaced. No randomness, no allocation, no clock.
/// </summary>
/// <remarks>
/// Why ceil(n × rate): after k events the phase is (k × rate) mod 1; event k + 1 is kept when the phase is 0 or phase
/// + rate passes 1, which is when ceil((k + 1) × rate) passes ceil(k × rate). A workload that alternates strictly
/// between two kinds of event at one level can alias with a rate (0.5 keeps every other one): that is the price of a
/// count that tests can predict exactly.
/// </remarks>
internal sealed class LevelSampler : IEventStage, IReasonedStage
{
    private const long Unit = 1_000_000;

    // Writer thread only, indexed by PipelineCounters.LevelIndex.
    private readonly long[] _rate = new long[PipelineCounters.LevelCount];
    private readonly long[] _phase = new long[PipelineCounters.LevelCount];

    public LevelSampler(FapilogSamplingOptions options)
    {
        System.Array.Fill(_rate, Unit);
        foreach (var (level, rate) in options.LevelRates)
        {
            _rate[PipelineCounters.LevelIndex(level)] = (long)System.Math.Round(rate * Unit);
        }

        foreach (var level in options.ExemptLevels)
        {
            _rate[PipelineCounters.LevelIndex(level)] = Unit;
        }
    }

    public FilterReason Reason => FilterReason.Sampled;

    public bool Process(ref FapilogEvent e)
    {
        int index = PipelineCounters.LevelIndex(e.Level);
        long rate = _rate[index];
        if (rate >= Unit)
        {
            return true;
        }

        if (rate <= 0)
        {
            return false;
        }

        long phase = _phase[index];
        bool keep = phase == 0 || phase + rate > Unit;
        phase += rate;
        _phase[index] = phase >= Unit ? phase - Unit : phase;
        return keep;
    }
}
