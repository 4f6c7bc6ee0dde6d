using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The event the writer thread is currently handing to a plain <c>ILogEventSink</c>, so that a fapilog
/// formatter inside that sink sees the pipeline's sequence number and <c>message_id</c> (every sink of one
/// pipeline must show the same id) although <c>Emit</c> only passes the <see cref="LogEvent"/>.
/// </summary>
internal static class WriterContext
{
    // Written and read by the same thread only: the writer sets it around each plain Emit.
    [System.ThreadStatic]
    private static FapilogEvent t_current;

    public static void Enter(in FapilogEvent current) => t_current = current;

    public static void Exit() => t_current = default;

    /// <summary>
    /// The pipeline's view of <paramref name="logEvent"/> when it is the one being emitted on this thread;
    /// otherwise a standalone view with a fresh id.
    /// </summary>
    public static FapilogEvent Resolve(LogEvent logEvent)
    {
        var current = t_current;
        return ReferenceEquals(current.LogEvent, logEvent) ? current : FapilogEvent.Standalone(logEvent);
    }
}
