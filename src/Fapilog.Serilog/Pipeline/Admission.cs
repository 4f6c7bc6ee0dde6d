using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Who gets into the queue, decided without threads or clocks: which events are protected, how deep each class may
/// fill the queue, how long each may wait for room, and why an event that did not get in was dropped.
/// </summary>
/// <remarks>
/// <para>Protected events (AUDIT and SECURITY by default) may fill the whole queue; ordinary events stop short of
/// the protected reserve, so a flood of ordinary events always leaves room for protected ones. Fatal-level events
/// are told apart only when the protected levels split Serilog's Fatal (Critical, Audit, Security); otherwise the
/// decision is one bit test on the caller's path.</para>
/// <para>Invariant: the ordinary limit is at most the protected limit, and a protected event waits under its own
/// bound (<see cref="FapilogPipelineOptions.ProtectedMaxWait"/>) whatever the full mode.</para>
/// </remarks>
internal sealed class Admission
{
    // Bit n set = level with LevelIndex n is protected.
    private readonly int _protectedMask;
    private readonly FatalRule _fatalRule;
    private readonly int _ordinaryWaitMs;   // 0 = drop at once; Timeout.Infinite = until room
    private readonly int _protectedWaitMs;

    public Admission(FapilogPipelineOptions options)
    {
        ProtectedLimit = options.QueueLimit;
        OrdinaryLimit = options.QueueLimit - options.EffectiveProtectedReserve;
        _ordinaryWaitMs = options.FullMode == QueueFullMode.Wait ? ToMilliseconds(options.MaxWait) : 0;
        _protectedWaitMs = ToMilliseconds(options.ProtectedMaxWait);
        foreach (var level in options.ProtectedLevels)
        {
            _protectedMask |= 1 << PipelineCounters.LevelIndex(level);
        }

        int fatalBits = _protectedMask >> PipelineCounters.LevelIndex(FapilogLevel.Fatal);
        _fatalRule = fatalBits == 0b111 ? FatalRule.Always : fatalBits == 0 ? FatalRule.Never : FatalRule.Classify;
        Invariants.Holds(OrdinaryLimit >= 1 && OrdinaryLimit <= ProtectedLimit, "0 < ordinary limit <= protected limit");
    }

    private enum FatalRule
    {
        Never,
        Always,
        Classify,
    }

    /// <summary>How deep an ordinary event may fill the queue: the queue less the protected reserve.</summary>
    public long OrdinaryLimit { get; }

    /// <summary>How deep a protected event may fill the queue: all of it.</summary>
    public long ProtectedLimit { get; }

    /// <summary>The queue depth for an event of this class.</summary>
    public long LimitFor(bool isProtected) => isProtected ? ProtectedLimit : OrdinaryLimit;

    /// <summary>Whether <paramref name="logEvent"/> belongs to a protected level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsProtected(LogEvent logEvent)
    {
        var level = logEvent.Level;
        if (level < LogEventLevel.Fatal)
        {
            // LevelIndex of Verbose..Error is 0..4, the same as the Serilog level's value.
            return ((_protectedMask >> (int)level) & 1) != 0;
        }

        return _fatalRule switch
        {
            FatalRule.Always => true,
            FatalRule.Never => false,
            _ => ((_protectedMask >> PipelineCounters.LevelIndex(LevelClassifier.Classify(logEvent))) & 1) != 0,
        };
    }

    /// <summary>
    /// How long (ms; <see cref="Timeout.Infinite"/> = until room) an event that found the queue full may wait.
    /// Nobody waits once a close has begun (newcomers are dropped as closed), nor on the writer thread (a sink that
    /// logs through its own logger would wait for room only that thread can free).
    /// </summary>
    public int WaitFor(bool isProtected, bool closing, bool onWriterThread) =>
        closing || onWriterThread ? 0 : isProtected ? _protectedWaitMs : _ordinaryWaitMs;

    /// <summary>Why an event that did not get in is dropped.</summary>
    public static DropReason DropReasonFor(EnqueueResult result, bool closing, bool isProtected) =>
        result == EnqueueResult.Closed || closing ? DropReason.Closed
        : isProtected ? DropReason.ProtectedTimeout
        : DropReason.QueueFull;

    private static int ToMilliseconds(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Ceiling(value.TotalMilliseconds);
}
