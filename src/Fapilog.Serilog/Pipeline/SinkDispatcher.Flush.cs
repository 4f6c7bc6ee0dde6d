using System;
using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// The dispatcher's flush. A deep one reaches the remote outputs in two steps: every output, routed ones included,
/// starts sending what it holds, and only then does the writer wait for each, within that output's own bound counted
/// from the start. Several slow outputs therefore wait side by side: the flush lasts as long as the slowest bound, not
/// their sum.
/// </summary>
internal sealed partial class SinkDispatcher
{
    /// <summary>
    /// Writer thread: asks every sink that buffers to hand what it holds on. <paramref name="deep"/> (an explicit
    /// flush or the close) also reaches Serilog.Sinks.File's buffered writers (<c>IFlushableFileSink</c>), whose
    /// flush goes to the disk, and waits for the remote outputs; the flush the writer does whenever its queue runs
    /// empty leaves those alone.
    /// </summary>
    public void Flush(bool deep)
    {
        if (!deep)
        {
            Flush(deep: false, started: null);
            return;
        }

        var started = new List<RemoteFlush>();
        Flush(deep: true, started);
        foreach (var flush in started)
        {
            try
            {
                flush.Output.FinishFlushDeep(flush);
            }
            catch (Exception ex)
            {
                _reporter.Error($"a deep flush of {flush.Output.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Writer thread: the flush of every sink, with the deep flushes of remote outputs only started and added to
    /// <paramref name="started"/> (null unless <paramref name="deep"/>), for the outermost dispatcher to wait for.
    /// </summary>
    internal void Flush(bool deep, List<RemoteFlush>? started)
    {
        for (int s = 0; s < _sinks.Length; s++)
        {
            try
            {
                if (_routing[s] is { } routing)
                {
                    routing.Flush(deep, started);
                }
                else if (started is not null && _sinks[s] is IRemoteOutput remote)
                {
                    if (remote.StartFlushDeep() is { } flush)
                    {
                        started.Add(flush);
                    }
                }
                else if (_batchSinks[s] is { } batchSink)
                {
                    batchSink.Flush();
                }
                else if (deep && _flushToDisk[s] is { } flushToDisk)
                {
                    flushToDisk();
                }
            }
            catch (Exception ex)
            {
                _reporter.SinkFailed(_sinks[s], ex, 0);
            }
        }
    }
}
