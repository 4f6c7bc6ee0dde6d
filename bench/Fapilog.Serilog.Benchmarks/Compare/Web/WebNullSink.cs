using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>
/// The sink of the two null setups of <c>compare-web</c>: it keeps nothing and counts what it receives by the kinds
/// <see cref="WebLogLines"/> counts in files (an <c>OrderId</c> property: an API line; a <c>StatusCode</c>: a
/// completion event; else other), so that the runner can prove every event reached it.
/// </summary>
/// <remarks>Behind Fapilog's pipeline only the writer thread calls it. Directly behind Serilog (setup z) the request
/// threads do, so each thread counts into its own cell: no shared write per event.</remarks>
internal sealed class WebNullSink : ILogEventSink
{
    private readonly ThreadLocal<long[]> _counts = new(() => new long[3], trackAllValues: true);

    public void Emit(LogEvent logEvent)
    {
        var properties = logEvent.Properties;
        int kind = properties.ContainsKey("OrderId") ? 0 : properties.ContainsKey("StatusCode") ? 1 : 2;
        _counts.Value![kind]++;
    }

    /// <summary>What was received, once no thread emits any more (the host has stopped and the logger is closed).</summary>
    public WebLogLines Lines()
    {
        long api = 0, completion = 0, other = 0;
        foreach (long[] cell in _counts.Values)
        {
            api += Volatile.Read(ref cell[0]);
            completion += Volatile.Read(ref cell[1]);
            other += Volatile.Read(ref cell[2]);
        }

        return new WebLogLines(api, completion, other, Bytes: 0);
    }
}
