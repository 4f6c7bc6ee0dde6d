namespace Fapilog.Serilog;

/// <summary>
/// How the writer waits when it has emptied the queue: a short sleep (<see cref="ShortSleepMicroseconds"/>)
/// while producers log fast, otherwise the one-millisecond naps that end in parking.
/// </summary>
/// <remarks>
/// <para>Why: every event still queued when a gen-0 collection runs survives it and is promoted. With a
/// millisecond nap, a producer logging millions of events a second always has thousands queued, and the
/// collector copies them at every gen-0 collection and then collects gen 1 nearly as often: measured (see
/// bench/HISTORY.md), that pause on the logging threads cost more per event than the enqueue itself. Sleeping a tenth of
/// that time keeps a tenth as many events in the queue. Producers are never asked to wake the writer from a
/// short sleep; it ends by itself.</para>
/// <para>The rate decides, with hysteresis: short sleeps start when at least <see cref="EnterThreshold"/>
/// events arrived between two waits (about half a million a second after a nap) and continue while each
/// short sleep is followed by at least <see cref="StayThreshold"/>. Below that, the queue is short at any
/// collection anyway, and naps cost fewer wake-ups.</para>
/// </remarks>
internal struct WriterPace
{
    public const int ShortSleepMicroseconds = 100;
    public const int EnterThreshold = 512;
    public const int StayThreshold = 32;

    private int _takenSinceWait;
    private bool _sleepingShort;

    /// <summary>Whether the last wait decided by <see cref="NextWaitIsShort"/> was a short sleep.</summary>
    public readonly bool SleepingShort => _sleepingShort;

    /// <summary>Counts events the writer took since its last wait.</summary>
    public void Took(int count) => _takenSinceWait += count;

    /// <summary>
    /// Decides the wait the writer is about to start, from the events taken since the previous one, and starts
    /// a new count. <paramref name="canSleepShort"/> is false where short sleeps are not available.
    /// </summary>
    public bool NextWaitIsShort(bool canSleepShort)
    {
        _sleepingShort = canSleepShort && _takenSinceWait >= (_sleepingShort ? StayThreshold : EnterThreshold);
        _takenSinceWait = 0;
        return _sleepingShort;
    }

    /// <summary>The short sleep could not happen after all: the next decision starts from a nap.</summary>
    public void ShortSleepFailed() => _sleepingShort = false;
}
