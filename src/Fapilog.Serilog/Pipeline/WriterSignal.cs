using System;
using System.Threading;

namespace Fapilog.Serilog;

/// <summary>
/// How the writer sleeps when it has nothing to do and how others wake it, both halves: the writer's nap and park,
/// the producers' wake after a claim, and the forced wake of flushes, failures and close.
/// </summary>
/// <remarks>
/// <para><b>Park (no lost wake-up, no signal per event).</b> The writer resets the event, sets the state to Parked
/// with a full fence, then looks for work once more (<see cref="Park"/>'s <c>hasWork</c>); a producer reads the state
/// only after its CAS on the queue's tail (also a full fence), and the one that swaps it back to Running sets the
/// event. Either the writer's last look sees the new claim, or the producer sees the writer parked.</para>
/// <para><b>Nap.</b> Between "queue empty" and "parked" the writer naps: it sleeps <see cref="NapMilliseconds"/> on
/// the same event without announcing it to producers, up to <see cref="MaxNaps"/> times, then parks. When the
/// writer is faster than the producers, parking at every empty look made nearly every Emit pay a futex wake and
/// kept the writer polling the producers' cache lines. A nap ends by itself, so no wake-up can be lost; producers
/// wake a napping writer only once the queue is half full, so a short nap cannot turn into drops. After
/// <see cref="MaxNaps"/> empty naps the writer parks: idle stays at zero CPU.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design", "CA1001", Justification = "Never disposed: callers may still wake a closed pipeline's writer; the event holds no kernel handle until a wait needs one.")]
internal sealed class WriterSignal
{
    public const int NapMilliseconds = 1;
    public const int MaxNaps = 4;

    private const int Running = 0;
    private const int Parked = 1;
    private const int Napping = 2;

    private readonly ManualResetEventSlim _wake = new(false, spinCount: 1);
    private readonly BoundedEventQueue _queue;
    private readonly long _napWakeDepth;
    private int _state;
    private int _owner; // Debug: the writer thread, the only one that naps and parks

    public WriterSignal(BoundedEventQueue queue, long ordinaryLimit)
    {
        _queue = queue;
        _napWakeDepth = Math.Max(1, ordinaryLimit / 2);
    }

    /// <summary>Whether the writer is parked (a caller that queued work for it wakes it only then).</summary>
    public bool IsParked => Volatile.Read(ref _state) == Parked;

    /// <summary>
    /// Caller side, after a successful claim: one volatile read while the writer runs; a wake only when it is
    /// parked, or napping with the queue half full.
    /// </summary>
    public void AfterClaim()
    {
        int state = Volatile.Read(ref _state);
        if (state == Running || (state == Napping && _queue.Depth < _napWakeDepth))
        {
            return;
        }

        Wake();
    }

    /// <summary>Wakes a parked or napping writer at once (flushes, failures and close do not wait for a nap).</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _state, Running) != Running)
        {
            _wake.Set();
        }
    }

    /// <summary>
    /// Writer thread: sleeps one nap, unless <paramref name="urgent"/> (asked after the reset) says that work which
    /// must not wait for a nap, a flush or the close, is there.
    /// </summary>
    public void Nap<TWork>(TWork urgent)
        where TWork : struct, IWriterWork
    {
        Invariants.OwnedBy(ref _owner, "the writer's nap");
        _wake.Reset();
        Volatile.Write(ref _state, Napping);
        if (!urgent.Pending())
        {
            _wake.Wait(NapMilliseconds);
        }

        Volatile.Write(ref _state, Running);
    }

    /// <summary>
    /// Writer thread: parks until woken or until <paramref name="timeoutMs"/> (<see cref="Timeout.Infinite"/>) runs
    /// out. <paramref name="hasWork"/> is asked after the state was announced, so work queued before it is seen.
    /// </summary>
    public void Park<TWork>(TWork hasWork, int timeoutMs)
        where TWork : struct, IWriterWork
    {
        Invariants.OwnedBy(ref _owner, "the writer's park");
        _wake.Reset();
        Interlocked.Exchange(ref _state, Parked);
        if (!hasWork.Pending())
        {
            _wake.Wait(timeoutMs);
        }

        Volatile.Write(ref _state, Running);
    }
}

/// <summary>What a parking writer looks at after announcing it parks (a struct: no delegate, no allocation).</summary>
internal interface IWriterWork
{
    /// <summary>Whether anything waits for the writer: a claim, a flush, a failure to apply, the close.</summary>
    bool Pending();
}
