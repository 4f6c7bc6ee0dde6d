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
/// <para>Each pipeline batch is handed over in chunks of at most the sink's own batch size limit, as the writer
/// takes it: the pipeline does not wait for fuller batches (Serilog's <c>BufferingTimeLimit</c> and
/// <c>QueueLimit</c> for that sink are not used; the pipeline's queue and options apply), so local outputs in the
/// same pipeline are not delayed.</para>
/// <para>A chunk whose <c>EmitBatchAsync</c> fails is tried again after each of
/// <see cref="BatchedSinkSettings.RetryDelays"/> (a bounded policy: by default 3 attempts within 0.6 s, instead of
/// Serilog's <c>RetryTimeLimit</c>); once they are used up its events count as failed and are reported, never
/// retried later and never dropped silently. The waits are spent once per pipeline batch: after one chunk has used
/// them up, the rest of the batch gets one attempt each. The writer waits while it retries, so every sink of the
/// pipeline waits too: give a remote sink a pipeline of its own. Once the pipeline is closing, the attempts go on
/// without the waits: the close's time limit comes first.</para>
/// <para><c>OnEmptyBatchAsync</c> is called while the writer is idle, about once per the pipeline's
/// <c>BufferingTimeLimit</c>, as Serilog's own batching calls it on each period with nothing to send.</para>
/// <para>A filter of the wrapper we took apart still applies: the level of a <c>restrictedToMinimumLevel</c> and a
/// PeriodicBatching subclass's <c>CanInclude</c>. Events it excludes count as written, as with any filtering sink.</para>
/// <para>Calls come from the writer thread only, one at a time. Each chunk is a fresh array, so a sink that keeps
/// the collection it was given (some do, until their send completes) never sees it change.</para>
/// </remarks>
internal sealed class NativeBatchedSink : IFapilogBatchSink, ILogEventSink, IDisposable
{
    private static readonly int[] FirstEvent = { 0 };

    private readonly IBatchedLogEventSink _target;
    private readonly int _chunkLimit;
    private readonly BatchedSinkSettings _settings;
    private readonly IDisposable? _retired;
    private readonly SelfLogReporter _reporter;
    private readonly Func<LogEvent, bool>? _include;

    public NativeBatchedSink(
        IBatchedLogEventSink target, int chunkLimit, BatchedSinkSettings settings, IDisposable? retired, SelfLogReporter reporter,
        Func<LogEvent, bool>? include = null)
    {
        _include = include;
        _target = target;
        _chunkLimit = Math.Max(1, chunkLimit);
        _settings = settings;
        _retired = retired;
        _reporter = reporter;
    }

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        List<int>? failed = null;
        Exception? last = null;
        var waitBudget = _settings.RetryBudget; // spent across the whole batch, not per chunk
        var positions = new List<int>(Math.Min(_chunkLimit, batch.Length));
        var chunk = new List<LogEvent>(Math.Min(_chunkLimit, batch.Length));
        for (int i = 0; i < batch.Length; i++)
        {
            var logEvent = batch[i].LogEvent;
            if (_include is null || Included(logEvent))
            {
                chunk.Add(logEvent);
                positions.Add(i);
            }

            if (chunk.Count == _chunkLimit || (i == batch.Length - 1 && chunk.Count > 0))
            {
                var error = SendWithRetries(chunk.ToArray(), ref waitBudget);
                if (error is not null)
                {
                    last = error;
                    (failed ??= new List<int>()).AddRange(positions);
                }

                chunk.Clear();
                positions.Clear();
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
        if (_include is not null && !Included(logEvent))
        {
            return;
        }

        var waitBudget = _settings.RetryBudget;
        var error = SendWithRetries(new[] { logEvent }, ref waitBudget);
        if (error is not null)
        {
            throw new PartialBatchException(FirstEvent, error);
        }
    }

    /// <summary>Nothing to do: every chunk's <c>EmitBatchAsync</c> has completed when <see cref="EmitBatch"/> returns.</summary>
    public void Flush()
    {
    }

    /// <summary>Writer thread, idle: <c>OnEmptyBatchAsync</c>.</summary>
    public void OnEmptyBatch()
    {
        try
        {
            Wait(_target.OnEmptyBatchAsync());
        }
        catch (Exception ex)
        {
            _reporter.SinkFailed(_target, ex, 0);
        }
    }

    /// <summary>Whether the sink overrides <c>OnEmptyBatchAsync</c> (Serilog 4's default does nothing).</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "When the map cannot be read, the sink is polled as if it overrode the method.")]
    public bool WantsEmptyBatches
    {
        get
        {
            try
            {
                var map = _target.GetType().GetInterfaceMap(typeof(IBatchedLogEventSink));
                int at = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(IBatchedLogEventSink.OnEmptyBatchAsync));
                return at < 0 || map.TargetMethods[at].DeclaringType != typeof(IBatchedLogEventSink);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        SinkDisposal.Dispose(_target, _settings.DisposeBound, _reporter, asyncFirst: true);
        if (_retired is not null)
        {
            SinkDisposal.Dispose(_retired, _settings.DisposeBound, _reporter);
        }
    }

    private bool Included(LogEvent logEvent)
    {
        try
        {
            return _include!(logEvent);
        }
        catch (Exception ex)
        {
            // A throwing filter is the sink's failure: the event is handed over rather than lost.
            _reporter.SinkFailed(_target, ex, 0);
            return true;
        }
    }

    /// <summary>
    /// Sends one chunk, trying again after each retry delay while <paramref name="waitBudget"/> (what is left of
    /// the batch's total of delays) lasts; once it is spent, one attempt only.
    /// </summary>
    private Exception? SendWithRetries(LogEvent[] chunk, ref TimeSpan waitBudget)
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

            if (attempt >= _settings.RetryDelays.Count || _settings.RetryDelays[attempt] > waitBudget)
            {
                return error; // attempts used up, or the batch's waits are (another chunk spent them)
            }

            _reporter.TemporaryFailure(_target.GetType().Name, $"EmitBatchAsync failed (attempt {attempt + 1}); trying again", error);
            var delay = _settings.RetryDelays[attempt];
            waitBudget -= delay;
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
        foreach (var delay in retryDelays)
        {
            RetryBudget += delay;
        }
    }

    public IReadOnlyList<TimeSpan> RetryDelays { get; }

    /// <summary>The sum of <see cref="RetryDelays"/>: the most one pipeline batch waits for retries.</summary>
    public TimeSpan RetryBudget { get; }

    public TimeSpan DisposeBound { get; }

    /// <summary>Set once when the pipeline begins to close: retry waits end at once.</summary>
    public ManualResetEventSlim Closing { get; } = new(false);
}
