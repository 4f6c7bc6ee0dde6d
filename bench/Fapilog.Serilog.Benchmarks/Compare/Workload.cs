using System;
using System.Diagnostics;
using System.Globalization;
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

    // Calls made so far by each producer, one cache line apart: written by its producer (plain stores),
    // read by producer 0 at its two allocation marks.
    private readonly long[] _progress;
    private const int ProgressStride = 16;

    public Workload(Contender contender, int events, int producers, bool measureLatency)
    {
        _contender = contender;
        _perThread = events / producers;
        _threads = new Thread[producers];
        _latencies = new long[producers][];
        _progress = new long[producers * ProgressStride];
        for (int t = 0; t < producers; t++)
        {
            int index = t;
            string customer = "cust-" + t.ToString(CultureInfo.InvariantCulture);
            _latencies[t] = measureLatency ? new long[_perThread] : [];
            _threads[t] = new Thread(() => Produce(index, customer, _latencies[index])) { Name = "producer-" + t };
            _threads[t].Start();
        }
    }

    public int Events => _perThread * _threads.Length;

    public long[][] Latencies => _latencies;

    /// <summary>
    /// Bytes allocated by the whole process per event while producer 0 went from 10 % to 90 % of its calls:
    /// the steady state, without the one-off costs of a fresh logger (buffers growing, first file open).
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

    private void Produce(int index, string customer, long[] latencies)
    {
        _go.Wait();
        var contender = _contender;
        int count = _perThread;
        if (latencies.Length == 0)
        {
            for (int i = 0; i < count; i++)
            {
                contender.Log(i, customer);
            }

            return;
        }

        // Producer 0 reads the allocation counter, and every producer's progress, at 10 % and 90 % of its
        // calls (between two timed calls).
        int from = index == 0 ? count / 10 : -1;
        int to = index == 0 ? count - (count / 10) : -1;
        long allocatedAtFrom = 0, eventsAtFrom = 0;
        ref long progress = ref _progress[index * ProgressStride];
        for (int i = 0; i < count; i++)
        {
            // Other producers keep going while the counter is read: take their progress on both sides of it.
            if (i == from)
            {
                long before = TotalProgress();
                allocatedAtFrom = GC.GetTotalAllocatedBytes(precise: true);
                eventsAtFrom = (before + TotalProgress()) / 2;
            }
            else if (i == to)
            {
                long before = TotalProgress();
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtFrom;
                SteadyBytesPerEvent = (double)allocated / (((before + TotalProgress()) / 2) - eventsAtFrom);
            }

            long started = Stopwatch.GetTimestamp();
            contender.Log(i, customer);
            latencies[i] = Stopwatch.GetTimestamp() - started;
            progress = i + 1;
        }
    }

    private long TotalProgress()
    {
        long total = 0;
        for (int t = 0; t < _threads.Length; t++)
        {
            total += Volatile.Read(ref _progress[t * ProgressStride]);
        }

        return total;
    }
}
