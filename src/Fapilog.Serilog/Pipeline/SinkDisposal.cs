using System;
using Serilog.Core;

namespace Fapilog.Serilog;

/// <summary>Disposes one sink, never throwing: a sync <c>Dispose</c>, or a <c>DisposeAsync</c> waited on within a bound.</summary>
internal static class SinkDisposal
{
    /// <summary>
    /// Disposes <paramref name="sink"/>. <paramref name="asyncFirst"/> picks <c>DisposeAsync</c> when the sink has both
    /// (PeriodicBatching's adapter disposes an only-<c>IAsyncDisposable</c> sink there, not in <c>Dispose</c>); otherwise
    /// <c>Dispose</c> wins, as Serilog's own disposal does. Serilog's sync path skips sinks that are only
    /// <c>IAsyncDisposable</c>; this does not.
    /// </summary>
    public static void Dispose(object sink, TimeSpan asyncBound, SelfLogReporter reporter, bool asyncFirst = false)
    {
        try
        {
            if (sink is IAsyncDisposable asyncDisposable && (asyncFirst || sink is not IDisposable))
            {
                if (!asyncDisposable.DisposeAsync().AsTask().Wait(asyncBound))
                {
                    reporter.Error($"sink {sink.GetType().Name} did not finish DisposeAsync within {asyncBound.TotalMilliseconds:0} ms");
                }
            }
            else if (sink is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
        catch (Exception ex)
        {
            reporter.Error($"sink {sink.GetType().Name} threw on dispose: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Any thread: the figures of every remote output among <paramref name="sinks"/>, routed ones included.</summary>
    public static void CollectRemoteStats(ILogEventSink[] sinks, System.Collections.Generic.List<FapilogOutputStats> into)
    {
        foreach (var sink in sinks)
        {
            if (sink is IRemoteOutput remote)
            {
                into.Add(remote.GetStats());
            }

            (sink as LevelRoutingSink)?.CollectRemoteStats(into);
        }
    }

    /// <summary>Writer thread, before any sink is disposed: every remote output stops admission and starts its drain.</summary>
    public static void BeginRemoteCloses(ILogEventSink[] sinks, SelfLogReporter reporter)
    {
        foreach (var sink in sinks)
        {
            try
            {
                (sink as IRemoteOutput)?.BeginClose();
                (sink as LevelRoutingSink)?.BeginRemoteCloses();
            }
            catch (Exception ex)
            {
                reporter.SinkFailed(sink, ex, 0);
            }
        }
    }
}
