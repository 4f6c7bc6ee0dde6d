using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// A token bucket per key, in integers: a bucket holds up to <c>Limit × Period</c> tick-tokens, an event costs
/// <c>Period</c>, and each tick earns <c>Limit</c> back. So a key bursts up to <c>Limit</c> events and then gets
/// <c>Limit</c> per <c>Period</c>, exactly, at the batch's clock.
/// </summary>
/// <remarks>
/// At most <c>MaxKeys</c> buckets: when a new key finds the table full, full buckets are forgotten (at most once per
/// period: a full bucket is the same as a new one, so this changes no outcome); if it is still full, the new key uses
/// one overflow bucket shared by every key without a bucket of its own, with the same limit.
/// </remarks>
internal sealed class RateLimiter : IEventStage, IReasonedStage, ITimedStage
{
    private readonly FapilogRateLimitOptions _options;
    private readonly ExemptLevels _exempt;
    private readonly long _period;
    private readonly long _capacity;
    private readonly Dictionary<SamplingKey, Bucket> _buckets = new();
    private readonly List<SamplingKey> _full = new();
    private Bucket? _overflow;
    private long _now;
    private long _nextSweep = long.MinValue;

    public RateLimiter(FapilogRateLimitOptions options, ExemptLevels exempt)
    {
        _options = options;
        _exempt = exempt;
        _period = options.Period.Ticks;
        _capacity = options.Limit * _period; // at most 10^6 × one day in ticks: far below long.MaxValue
    }

    public FilterReason Reason => FilterReason.RateLimited;

    /// <summary>How many keys have a bucket of their own now (tests: the bound holds).</summary>
    public int KeyCount => _buckets.Count;

    public void BeginBatch(System.DateTimeOffset now) => _now = now.UtcTicks;

    public bool Process(ref FapilogEvent e)
    {
        if (e.Level > _options.MaximumLevel || _exempt.Contains(e.Level))
        {
            return true;
        }

        if (!SamplingKey.TryOf(e.LogEvent, _options.Key, _options.Property, out var key))
        {
            return true; // a property key, and the event has no such property
        }

        if (!_buckets.TryGetValue(key, out var bucket))
        {
            if (_buckets.Count < _options.MaxKeys || Sweep())
            {
                bucket = new Bucket { Tokens = _capacity, Last = _now };
                _buckets.Add(key, bucket);
            }
            else
            {
                bucket = _overflow ??= new Bucket { Tokens = _capacity, Last = _now };
            }
        }

        Refill(bucket);
        if (bucket.Tokens < _period)
        {
            return false;
        }

        bucket.Tokens -= _period;
        return true;
    }

    private void Refill(Bucket bucket)
    {
        long elapsed = _now - bucket.Last;
        if (elapsed > 0)
        {
            // Clamped first, so that the product cannot overflow: a period refills any bucket completely.
            long earned = (elapsed >= _period ? _period : elapsed) * _options.Limit;
            bucket.Tokens = bucket.Tokens + earned >= _capacity ? _capacity : bucket.Tokens + earned;
        }

        bucket.Last = _now > bucket.Last ? _now : bucket.Last; // a clock set back does not earn tokens twice
    }

    private bool Sweep()
    {
        if (_now >= _nextSweep)
        {
            _nextSweep = _now + _period;
            foreach (var (key, bucket) in _buckets)
            {
                Refill(bucket);
                if (bucket.Tokens >= _capacity)
                {
                    _full.Add(key);
                }
            }

            foreach (var key in _full)
            {
                _buckets.Remove(key);
            }

            _full.Clear();
        }

        return _buckets.Count < _options.MaxKeys;
    }

    private sealed class Bucket
    {
        public long Tokens;
        public long Last;
    }
}
