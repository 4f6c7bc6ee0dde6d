namespace Fapilog.Serilog;

/// <summary>
/// fapilog's levels: Serilog's six plus <see cref="Audit"/> and <see cref="Security"/> above
/// <see cref="Fatal"/>. The numeric values are fapilog's priorities.
/// </summary>
/// <remarks>
/// Serilog has no level above <c>Fatal</c>, so audit and security events travel through Serilog at
/// <c>LogEventLevel.Fatal</c> with the <see cref="FapilogProperties.Level"/> marker property; fapilog-aware
/// formatters show them as <c>AUDIT</c> and <c>SECURITY</c>, other sinks show <c>Fatal</c>.
/// </remarks>
public enum FapilogLevel
{
    /// <summary>Serilog <c>Verbose</c>; envelope <c>TRACE</c>.</summary>
    Verbose = 5,

    /// <summary>Serilog <c>Debug</c>; envelope <c>DEBUG</c>.</summary>
    Debug = 10,

    /// <summary>Serilog <c>Information</c>; envelope <c>INFO</c>.</summary>
    Information = 20,

    /// <summary>Serilog <c>Warning</c>; envelope <c>WARNING</c>.</summary>
    Warning = 30,

    /// <summary>Serilog <c>Error</c>; envelope <c>ERROR</c>.</summary>
    Error = 40,

    /// <summary>Serilog <c>Fatal</c>; envelope <c>CRITICAL</c>.</summary>
    Fatal = 50,

    /// <summary>Compliance and accountability records; envelope <c>AUDIT</c>.</summary>
    Audit = 60,

    /// <summary>Security-relevant events; envelope <c>SECURITY</c>.</summary>
    Security = 70,
}
