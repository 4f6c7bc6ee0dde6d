using System;
using System.Collections.Generic;
using System.Threading;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// What the load tests log: producer <c>p</c> logs events <c>0..count-1</c> with the properties <c>P</c> and
/// <c>S</c>, at a level fixed by the sequence number, so the test knows afterwards which events were protected.
/// </summary>
internal static class ProducerLog
{
    /// <summary>One event in 50 each is Audit, Security, Error and Fatal: the default protected levels.</summary>
    public static bool IsProtected(int seq) => (seq % 50) is 0 or 10 or 25 or 40;

    public static void Log(ILogger logger, int producer, int seq)
    {
        switch (seq % 50)
        {
            case 0: logger.Audit("P{P} #{S}", producer, seq); break;
            case 25: logger.Security("P{P} #{S}", producer, seq); break;
            case 10: logger.Error("P{P} #{S}", producer, seq); break;
            case 40: logger.Fatal("P{P} #{S}", producer, seq); break;
            default: logger.Write((LogEventLevel)(seq % 4), "P{P} #{S}", producer, seq); break;
        }
    }

    /// <summary>
    /// Runs <paramref name="producers"/> threads that each log events <c>0, 1, …</c> while
    /// <paramref name="more"/>(seq) is true, and returns the exceptions that escaped into them (there must be
    /// none) and how many events were logged in all.
    /// </summary>
    public static (IReadOnlyList<Exception> Escaped, long Logged) Run(ILogger logger, int producers, Func<int, bool> more)
    {
        var errors = new List<Exception>();
        long logged = 0;
        var threads = new Thread[producers];
        using var start = new ManualResetEventSlim(false);
        for (int p = 0; p < producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() =>
            {
                int seq = 0;
                try
                {
                    start.Wait();
                    for (; more(seq); seq++)
                    {
                        Log(logger, producer, seq);
                    }
                }
                catch (Exception ex)
                {
                    lock (errors)
                    {
                        errors.Add(ex);
                    }
                }

                Interlocked.Add(ref logged, seq);
            }) { IsBackground = true, Name = "producer " + p };
            threads[p].Start();
        }

        start.Set(); // release all producers together so they contend from the first event
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(5)), "a producer hung");
        }

        return (errors, Interlocked.Read(ref logged));
    }
}

/// <summary>
/// A sink slower than the producers: it spins a little per event. It records, per producer, the sequence numbers
/// it was given, in order. It can hold the writer at its first event until the test opens <see cref="Gate"/>, so
/// that a test can make the queue fill up deterministically. Written on the writer thread only; read it after
/// the pipeline has closed.
/// </summary>
internal sealed class SlowRecordingSink : ILogEventSink
{
    private readonly int _spinPerEvent;
    private readonly List<int>[] _written;
    private bool _held;

    public SlowRecordingSink(int producers, int spinPerEvent, bool holdFirstEvent)
    {
        _spinPerEvent = spinPerEvent;
        _held = !holdFirstEvent;
        _written = new List<int>[producers];
        for (int p = 0; p < producers; p++)
        {
            _written[p] = new List<int>();
        }
    }

    public ManualResetEventSlim Gate { get; } = new(false);

    public long Count { get; private set; }

    public IReadOnlyList<int> WrittenBy(int producer) => _written[producer];

    public void Emit(LogEvent logEvent)
    {
        if (!_held)
        {
            _held = true;
            Assert.True(Gate.Wait(TimeSpan.FromMinutes(2)), "the test never opened the gate");
        }

        Thread.SpinWait(_spinPerEvent);
        int producer = (int)((ScalarValue)logEvent.Properties["P"]).Value!;
        int seq = (int)((ScalarValue)logEvent.Properties["S"]).Value!;
        _written[producer].Add(seq);
        Count++;
    }
}
