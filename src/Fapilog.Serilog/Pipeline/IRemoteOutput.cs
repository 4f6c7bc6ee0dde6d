namespace Fapilog.Serilog;

/// <summary>
/// An output with a delivery stage of its own (a buffer and a thread that sends to a remote store): the pipeline's
/// writer hands it batches, and tells it about the two moments its own buffer must not outlive.
/// </summary>
/// <remarks>
/// Both calls come on the writer thread. The writer's everyday flush (whenever its queue runs empty) stays the cheap
/// <see cref="IFapilogBatchSink.Flush"/>; only these two send what is held at once.
/// </remarks>
internal interface IRemoteOutput
{
    /// <summary>
    /// A flush someone waits for (an explicit flush, SIGTERM, an unhandled exception): sends what is held now and waits,
    /// within the output's own close bound, until what was pending at the call is delivered or has failed.
    /// </summary>
    void FlushDeep();

    /// <summary>
    /// The pipeline is closing: stop admission and start sending everything, without waiting. The dispatcher calls it on
    /// every remote output before it disposes any sink, so that they drain in parallel, each within its own bound.
    /// </summary>
    void BeginClose();

    /// <summary>The output's figures now; any thread.</summary>
    FapilogOutputStats GetStats();
}
