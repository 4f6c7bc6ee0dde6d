using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Drives a Serilog 4 <see cref="IBatchedLogEventSink"/> (or a PeriodicBatching 5 sink, through its adapter) from
/// our writer thread: the pipeline's queue is its only queue, our counters count it, our flush and close reach it.
/// </summary>
/// <remarks>
/// <para>Each pipeline batch is handed over in chunks of at most the sink's own batch size limit. A chunk whose
/// <c>EmitBatchAsync</c> fails is tried again after each of <see cref="BatchedSinkSettings.RetryDelays"/> (a
/// bounded policy: by default 3 attempts within 0.6 s); once they are used up its events count as failed and are
/// reported, never retried later and never dropped silently. Once the pipeline is closing, the attempts go on
/// without the waits: the close's time limit comes first.</para>
/// <para><c>OnEmptyBatchAsync</c> is called each time the writer falls idle (the queue ran empty and it is about
/// to park), which is how Serilog's own batching calls it: on a period with nothing to send.</para>
/// <para>Calls come from the writer thread only, one at a time. Each chunk is a fresh array, so a sink that keeps
/// the collection it was given (some do, until their send completes) never sees it change.</para>
/// </remarks>
internal sealed class NativeBatchedSink : IFapilogBufferedBatchSink, ILogEventSink, IDisposable
{
    private static readonly int[] FirstEvent = { 0 };

    private readonly IBatchedLogEventSink _target;
    private readonly int _chunkLimit;
    private readonly BatchedSinkSettings _settings;
    private readonly IDisposable? _retired;
    private readonly SelfLogReporter _reporter;

    // Writer thread only: whether a batch went out since the last OnEmptyBatchAsync.
    private bool _sentSinceIdle = true;

    public NativeBatchedSink(IBatchedLogEventSink target, int chunkLimit, BatchedSinkSettings settings, IDisposable? retired, SelfLogReporter reporter)
    {
        _target = target;
        _chunkLimit = Math.Max(1, chunkLimit);
        _settings = settings;
        _retired = retired;
        _reporter = reporter;
    }

    /// <summary>The sink driven (tests and SelfLog lines name it).</summary>
    public IBatchedLogEventSink Target => _target;

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        _sentSinceIdle = true;
        List<int>? failed = null;
        Exception? last = null;
        for (int start = 0; start < batch.Length; start += _chunkLimit)
        {
            int length = Math.Min(_chunkLimit, batch.Length - start);
            var chunk = new LogEvent[length];
            for (int i = 0; i < length; i++)
            {
                chunk[i] = batch[start + i].LogEvent;
            }

            var error = SendWithRetries(chunk);
            if (error is not null)
            {
                last = error;
                failed ??= new List<int>();
                for (int i = 0; i < length; i++)
                {
                    failed.Add(start + i);
                }
            }
        }

        if (failed is not null)
        {
            throw new PartialBatchException(failed, last);
        }
    }

    /// <summary>A plain <c>Emit</c> (the sink is used outside a batch call): one event, one chunk.</summary>
    public void Emit(LogEvent logEvent)
    {
        var error = SendWithRetries(new[] { logEvent });
        if (error is not null)
        {
            throw new PartialBatchException(FirstEvent, error);
        }
    }

    /// <summary>Nothing to do: every chunk's <c>EmitBatchAsync</c> has completed when <see cref="EmitBatch"/> returns.</summary>
    public void Flush()
    {
    }

    /// <summary>Writer thread, going idle: <c>OnEmptyBatchAsync</c>, once per idle period.</summary>
    public void OnEmptyBatch()
    {
        if (!_sentSinceIdle)
        {
            return;
        }

        _sentSinceIdle = false;
        try
        {
            Wait(_target.OnEmptyBatchAsync());
        }
        catch (Exception ex)
        {
            _reporter.SinkFailed(_target, ex, 0);
        }
    }

    public void Dispose()
    {
        try
        {
            if (_target is IDisposable disposable)
            {
                disposable.Dispose();
            }
            else if (_target is IAsyncDisposable asyncDisposable)
            {
                var task = asyncDisposable.DisposeAsync().AsTask();
                if (!task.Wait(_settings.DisposeBound))
                {
                    _reporter.Error($"sink {_target.GetType().Name} did not finish DisposeAsync within {_settings.DisposeBound.TotalMilliseconds:0} ms");
                }
            }
        }
        finally
        {
            _retired?.Dispose();
        }
    }

    private Exception? SendWithRetries(LogEvent[] chunk)
    {
        Exception? error = null;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Wait(_target.EmitBatchAsync(chunk));
                return null;
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (attempt >= _settings.RetryDelays.Count)
            {
                return error;
            }

            _reporter.TemporaryFailure(_target.GetType().Name, $"EmitBatchAsync failed (attempt {attempt + 1}); trying again", error);
            var delay = _settings.RetryDelays[attempt];
            if (delay > TimeSpan.Zero)
            {
                // The writer thread is ours: sleeping here delays only this pipeline, and the close cuts it short.
                _settings.Closing.WaitHandle.WaitOne(delay);
            }
        }
    }

    private static void Wait(Task task)
    {
        // The writer thread has no synchronization context: blocking on the task cannot deadlock.
        task.GetAwaiter().GetResult();
    }
}

/// <summary>How natively driven batched sinks are retried and bounded; one instance per pipeline.</summary>
internal sealed class BatchedSinkSettings
{
    /// <summary>The default waits between attempts: 100 ms then 500 ms (three attempts).</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500) };

    public BatchedSinkSettings(IReadOnlyList<TimeSpan> retryDelays, TimeSpan disposeBound)
    {
        RetryDelays = retryDelays;
        DisposeBound = disposeBound;
    }

    public IReadOnlyList<TimeSpan> RetryDelays { get; }

    public TimeSpan DisposeBound { get; }

    /// <summary>Set once when the pipeline begins to close: retry waits end at once.</summary>
    public ManualResetEventSlim Closing { get; } = new(false);
}
