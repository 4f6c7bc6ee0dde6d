namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// The PRI of an event: facility × 8 + severity. Serilog's levels keep the output's facility; AUDIT and SECURITY take
/// the audit facility (authpriv by default) with severity notice (5) and alert (1).
/// </summary>
internal static class SyslogPriority
{
    /// <summary>The RFC 5424 severity of a level: 7 debug, 6 informational, 4 warning, 3 error, 2 critical, 5 notice, 1 alert.</summary>
    public static int Severity(FapilogLevel level) => level switch
    {
        FapilogLevel.Verbose or FapilogLevel.Debug => 7,
        FapilogLevel.Information => 6,
        FapilogLevel.Warning => 4,
        FapilogLevel.Error => 3,
        FapilogLevel.Fatal => 2,
        FapilogLevel.Audit => 5,
        FapilogLevel.Security => 1,
        _ => 6,
    };

    public static int Of(FapilogLevel level, FapilogSyslogFacility facility, FapilogSyslogFacility auditFacility)
    {
        var f = level is FapilogLevel.Audit or FapilogLevel.Security ? auditFacility : facility;
        return ((int)f * 8) + Severity(level);
    }
}
