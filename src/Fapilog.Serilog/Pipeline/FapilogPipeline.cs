using System;
using System.Threading;
using System.Threading.Tasks;

namespace Fapilog.Serilog;

/// <summary>
/// A handle on a running <c>WriteTo.Fapilog(...)</c> pipeline: its counters and an explicit flush that does
/// not close it. Get one from the <c>out</c> parameter of <c>WriteTo.Fapilog</c>, or by name from
/// <see cref="FapilogPipelines"/> (which also works when the logger was built from <c>appsettings.json</c>).
/// </summary>
/// <remarks>No member throws into the application; time limits are reported in <see cref="DrainResult.TimedOut"/>.</remarks>
public sealed class FapilogPipeline
{
    private readonly FapilogPipelineSink _sink;

    internal FapilogPipeline(FapilogPipelineSink sink) => _sink = sink;

    internal FapilogPipelineSink Sink => _sink;

    /// <summary>The pipeline's name (<see cref="FapilogPipelineOptions.Name"/>).</summary>
    public string Name => _sink.Name;

    /// <summary>A copy of the options the pipeline runs with (after defaults were applied and validated).</summary>
    public FapilogPipelineOptions Options => _sink.Options.Clone();

    /// <summary>A snapshot of the pipeline's counters.</summary>
    /// <returns>The counters now.</returns>
    public FapilogPipelineStats GetStats() => _sink.Snapshot();

    /// <summary>
    /// The figures of each remote output of this pipeline (HTTP, OTLP, Seq, Loki, Elasticsearch): delivered, retried,
    /// spooled, dropped and failed by reason, the spool's bytes, the breaker's state, the last error. For the pipeline
    /// an event is written once such an output holds it; from there these figures account for it.
    /// </summary>
    /// <returns>One snapshot per remote output, in the order they were configured.</returns>
    public System.Collections.Generic.IReadOnlyList<FapilogOutputStats> GetOutputStats() => _sink.OutputStats();

    /// <summary>
    /// Waits until every event enqueued before this call is written (or failed) and the outputs are flushed to
    /// the operating system, without closing the pipeline.
    /// </summary>
    /// <param name="timeout">The longest to wait; the default is the pipeline's <see cref="FapilogPipelineOptions.ShutdownTimeout"/>.</param>
    /// <returns>The counters when the flush ended, and whether it timed out.</returns>
    public DrainResult Flush(TimeSpan? timeout = null) => _sink.Flush(timeout ?? _sink.DefaultTimeout);

    /// <summary>The asynchronous form of <see cref="Flush"/>.</summary>
    /// <param name="timeout">The longest to wait; the default is the pipeline's <see cref="FapilogPipelineOptions.ShutdownTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait early; the result then says <see cref="DrainResult.TimedOut"/>.</param>
    /// <returns>The counters when the flush ended, and whether it timed out.</returns>
    public Task<DrainResult> FlushAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _sink.FlushAsync(timeout ?? _sink.DefaultTimeout, cancellationToken);

    /// <summary>
    /// Closes the pipeline: stops intake, drains within <paramref name="timeout"/>, disposes the wrapped sinks.
    /// <c>Log.CloseAndFlush()</c> does the same through Serilog; this form returns the result.
    /// </summary>
    /// <param name="timeout">The bound on the drain; the default is the pipeline's <see cref="FapilogPipelineOptions.ShutdownTimeout"/>.</param>
    /// <returns>The final counters and whether the drain timed out.</returns>
    public DrainResult Close(TimeSpan? timeout = null) => _sink.Close(timeout ?? _sink.DefaultTimeout);

    /// <summary>
    /// Hands the pipeline's shutdown to a host: removes the hooks <see cref="FapilogPipelineOptions.FlushOnProcessExit"/>
    /// installed (close on ProcessExit, flush on an unhandled exception and on SIGTERM). A host that owns its shutdown
    /// (an ASP.NET Core or worker lifetime) calls this, then closes the pipeline itself at the point it chooses, so the
    /// logging of its own shutdown is not cut off by a close it did not ask for.
    /// </summary>
    /// <returns><see langword="true"/> when hooks were removed; <see langword="false"/> when there were none (the option
    /// was off, the hooks were detached already, or the pipeline has closed).</returns>
    public bool DetachProcessExitHooks() => _sink.DetachProcessExitHooks();

    /// <inheritdoc />
    public override string ToString() => _sink.Snapshot().ToString();
}
