using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// The producers of one run: threads created (and their latency arrays allocated) before the measurement
/// starts, released together, each timing every call into its own preallocated array so that measuring
/// allocates nothing.
/// </summary>
internal sealed class Workload
{
    private readonly Contender _contender;
    private readonly Thread[] _threads;
    private readonly long[][] _latencies;
    private readonly int _perThread;
    private readonly ManualResetEventSlim _go = new(false);
    private readonly long[] _producerTicks;
    private readonly double _ticksPerCall;

    // At 10 % and 90 % of their calls all producers meet here, twice: once so that producer 0 reads the
    // allocation counter while nobody logs, once to release them. Every producer makes the same number of calls,
    // so exactly 80 % of the run's events lie between the two readings.
    private readonly Barrier _marks;

    /// <param name="contender">The setup the producers call.</param>
    /// <param name="events">Events in all, split evenly between the producers.</param>
    /// <param name="producers">Producer threads.</param>
    /// <param name="measureLatency">Whether every call is timed (and the allocation marks taken).</param>
    /// <param name="rate">Events per second in all, paced by each producer spinning until its next call is due (measured runs only; a warm-up calls flat out); 0, the default, calls flat out.</param>
    /// <param name="kind">The event logged: the orders line (the default) or the realistic web-service event.</param>
    public Workload(Contender contender, int events, int producers, bool measureLatency, double rate = 0, WorkloadKind kind = WorkloadKind.Orders)
    {
        _ticksPerCall = rate > 0 ? Stopwatch.Frequency * producers / rate : 0;
        _contender = contender;
        _perThread = events / producers;
        _threads = new Thread[producers];
        _latencies = new long[producers][];
        _producerTicks = new long[producers];
        _marks = new Barrier(producers);
        for (int t = 0; t < producers; t++)
        {
            int index = t;
            string customer = "cust-" + t.ToString(CultureInfo.InvariantCulture);
            _latencies[t] = measureLatency ? new long[_perThread] : [];
            var realistic = kind == WorkloadKind.Realistic ? new RealisticProducer(contender, t) : null;
            _threads[t] = new Thread(() =>
            {
                using (realistic)
                {
                    Produce(index, customer, _latencies[index], realistic);
                }

                _producerTicks[index] = OwnCpuTicks();
            })
            { Name = "producer-" + t };
            _threads[t].Start();
        }
    }

    public int Events => _perThread * _threads.Length;

    public long[][] Latencies => _latencies;

    /// <summary>
    /// The producers' own CPU seconds (user + system) over their whole run, each read by the producer itself after its
    /// last call (<c>/proc/thread-self/stat</c>; 0 where there is none): a thread's figures go with it when it ends.
    /// </summary>
    public double ProducerCpuSeconds => _producerTicks.Sum() * 0.01;

    /// <summary>
    /// Bytes allocated by the whole process per event while the producers went from 10 % to 90 % of their calls:
    /// the steady state, without the one-off costs of a fresh logger (buffers growing, first file open). Both
    /// readings are taken with every producer stopped between two calls, so the count of events between them
    /// is exact.
    /// </summary>
    public double SteadyBytesPerEvent { get; private set; }

    /// <summary>Releases the producers and returns when all of them have made every call.</summary>
    public void Run()
    {
        _go.Set();
        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    private static long OwnCpuTicks()
    {
        const string Stat = "/proc/thread-self/stat";
        if (!File.Exists(Stat))
        {
            return 0;
        }

        string stat = File.ReadAllText(Stat);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private void Produce(int index, string customer, long[] latencies, RealisticProducer? realistic)
    {
        _go.Wait();
        var contender = _contender;
        int count = _perThread;
        if (latencies.Length == 0)
        {
            for (int i = 0; i < count; i++)
            {
                if (realistic is null)
                {
                    contender.Log(i, customer);
                }
                else
                {
                    realistic.Advance(i);
                    realistic.Log(i);
                }
            }

            return;
        }

        int from = count / 10;
        int to = count - (count / 10);
        long allocatedAtFrom = 0;
        double paced = _ticksPerCall;
        long begun = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            if (paced > 0)
            {
                long due = begun + (long)(i * paced);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.SpinWait(20);
                }
            }

            if (i == from || i == to)
            {
                _marks.SignalAndWait();
                if (index == 0)
                {
                    long allocated = GC.GetTotalAllocatedBytes(precise: true);
                    if (i == from)
                    {
                        allocatedAtFrom = allocated;
                    }
                    else
                    {
                        SteadyBytesPerEvent = (double)(allocated - allocatedAtFrom) / ((long)(to - from) * _threads.Length);
                    }
                }

                _marks.SignalAndWait();
            }

            if (realistic is null)
            {
                long started = Stopwatch.GetTimestamp();
                contender.Log(i, customer);
                latencies[i] = Stopwatch.GetTimestamp() - started;
            }
            else
            {
                // A new request (Activity and bound context) starts outside the timed call.
                realistic.Advance(i);
                long started = Stopwatch.GetTimestamp();
                realistic.Log(i);
                latencies[i] = Stopwatch.GetTimestamp() - started;
            }
        }
    }
}
