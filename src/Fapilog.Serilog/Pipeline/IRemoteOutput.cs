namespace Fapilog.Serilog;

/// <summary>
/// An output with a delivery stage of its own (a buffer and a thread that sends to a remote store): the pipeline's
/// writer hands it batches, and tells it about the two moments its own buffer must not outlive.
/// </summary>
/// <remarks>
/// The calls come on the writer thread. The writer's everyday flush (whenever its queue runs empty) stays the cheap
/// <see cref="IFapilogBatchSink.Flush"/>; only these two send what is held at once.
/// </remarks>
internal interface IRemoteOutput
{
    /// <summary>
    /// A flush someone waits for (an explicit flush, SIGTERM, an unhandled exception), first step: sends what is held
    /// now without waiting. Null when there is nothing to wait for (closed, breaker open, thread gone).
    /// </summary>
    RemoteFlush? StartFlushDeep();

    /// <summary>
    /// The second step: waits, within the output's own close bound counted from <see cref="RemoteFlush.StartedAt"/>,
    /// until what was accepted before the start is delivered, has failed, or is in the spool.
    /// </summary>
    void FinishFlushDeep(RemoteFlush flush);

    /// <summary>
    /// The pipeline is closing: stop admission and start sending everything, without waiting. The dispatcher calls it on
    /// every remote output before it disposes any sink, so that they drain in parallel, each within its own bound.
    /// </summary>
    void BeginClose();

    /// <summary>The output's figures now; any thread.</summary>
    FapilogOutputStats GetStats();
}

/// <summary>A deep flush a remote output has started: what it waits for, and when it started (a Stopwatch timestamp).</summary>
internal readonly record struct RemoteFlush(IRemoteOutput Output, long Target, long StartedAt);
