using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// First occurrence: a key's first event opens a window; its repeats inside it are filtered, or every n-th kept.
/// At most <c>MaxKeys</c> keys are remembered: when a new key finds the table full, keys whose window has passed are
/// forgotten (at most once per window length: a passed window is the same as none); if it is still full, the new key's
/// events pass, unremembered, until there is room.
/// </summary>
internal sealed class RepeatFilter : IEventStage, IReasonedStage, ITimedStage
{
    private readonly FapilogRepeatOptions _options;
    private readonly ExemptLevels _exempt;
    private readonly long _window;
    private readonly Dictionary<SamplingKey, Window> _keys = new();
    private readonly List<SamplingKey> _expired = new();
    private long _now;
    private long _nextSweep = long.MinValue;

    public RepeatFilter(FapilogRepeatOptions options, ExemptLevels exempt)
    {
        _options = options;
        _exempt = exempt;
        _window = options.Window.Ticks;
    }

    public FilterReason Reason => FilterReason.Repeat;

    /// <summary>How many keys are remembered now (tests: the bound holds).</summary>
    public int KeyCount => _keys.Count;

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

        if (_keys.TryGetValue(key, out var window))
        {
            if (_now - window.Start >= _window || _now < window.Start)
            {
                window.Start = _now;
                window.Repeats = 0;
                return true;
            }

            window.Repeats++;
            return _options.KeepEvery > 0 && window.Repeats % _options.KeepEvery == 0;
        }

        if (_keys.Count >= _options.MaxKeys && !Sweep())
        {
            return true; // untracked: passes
        }

        _keys.Add(key, new Window { Start = _now });
        return true;
    }

    /// <summary>Forgets the keys whose window has passed; whether there is room now.</summary>
    private bool Sweep()
    {
        if (_now >= _nextSweep)
        {
            _nextSweep = _now + _window;
            foreach (var (key, window) in _keys)
            {
                if (_now - window.Start >= _window)
                {
                    _expired.Add(key);
                }
            }

            foreach (var key in _expired)
            {
                _keys.Remove(key);
            }

            _expired.Clear();
        }

        return _keys.Count < _options.MaxKeys;
    }

    private sealed class Window
    {
        public long Start;
        public long Repeats;
    }
}
