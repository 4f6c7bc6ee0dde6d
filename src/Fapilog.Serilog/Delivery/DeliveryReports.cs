using System;
using Serilog.Debugging;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// What a remote output tells <c>SelfLog</c>, in one shape naming the output: a lost batch (with its count), the
/// breaker opening, drops since the last report (at most one line per interval), and the close's summary.
/// </summary>
/// <remarks>Used by the delivery thread, and by the closing thread once that thread has left.</remarks>
internal sealed class DeliveryReports
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly string _name;
    private readonly TimeProvider _time;
    private long _lastReport;
    private long _reportedDrops;

    public DeliveryReports(string name, TimeProvider time)
    {
        // Braces in a name would be read as SelfLog format items.
        _name = name.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        _time = time;
        _lastReport = time.GetTimestamp();
    }

    public void BatchLost(int events, DeliveryLoss loss, string? error) =>
        Write("failed {0} events ({1}): {2}", events, DeliveryLosses.Name(loss), error ?? "no detail");

    public void BreakerOpened(string? error) =>
        Write("the backend keeps failing ({0}); circuit breaker open, holding events until it answers", error ?? "no detail");

    public void SpoolUnavailable(string why) => Write("{0}", why);

    public void SpoolOpened(Spool.DiskSpool spool)
    {
        if (spool.Recovered > 0 || spool.DamagedBytes > 0)
        {
            Write("found {0} undelivered events in the spool at {1}, sent first; {2} damaged bytes skipped", spool.Recovered, spool.Folder, spool.DamagedBytes);
        }
    }

    public void LoopFailed(Exception ex) => Write("the delivery thread stopped: {0}", ex, string.Empty);

    /// <summary>Drops since the last report, at most once per interval.</summary>
    public void Periodic(DeliveryStats stats)
    {
        var since = _time.GetElapsedTime(_lastReport);
        if (stats.Dropped == _reportedDrops || since < Interval)
        {
            return;
        }

        Write("dropped {0} events (buffer_full) in the last {1:0} s; {2}", stats.Dropped - _reportedDrops, since.TotalSeconds, stats);
        _reportedDrops = stats.Dropped;
        _lastReport = _time.GetTimestamp();
    }

    /// <summary>The close's summary: always when something was lost or left, never for a clean close.</summary>
    public void AtClose(DeliveryStats stats, long failedAtClose)
    {
        if (failedAtClose > 0 || stats.Dropped > _reportedDrops || stats.Failed > 0)
        {
            Write("closed with {0} events undelivered within the close timeout (shutdown_timeout); {1}", failedAtClose, stats, string.Empty);
        }
    }

    private void Write(string format, object? a, object? b = null, object? c = null) =>
        SelfLog.WriteLine("Fapilog output '" + _name + "': " + format, a, b, c);
}
