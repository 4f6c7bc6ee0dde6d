namespace Fapilog.Serilog;

/// <summary>Which events a remote output keeps in its disk spool (<see cref="FapilogDeliveryOptions.Spool"/>).</summary>
public enum FapilogSpoolMode
{
    /// <summary>No spool: everything waits in memory, within the buffer's limits, and a process exit loses what is there.</summary>
    Off,

    /// <summary>
    /// Protected events (at or above <see cref="FapilogDeliveryOptions.ProtectedMinimumLevel"/>) are written to the spool
    /// as they arrive; ordinary ones wait in memory. The default.
    /// </summary>
    Protected,

    /// <summary>Every event is written to the spool as it arrives: nothing waits only in memory while the spool has room.</summary>
    All,
}
