namespace Fapilog.Serilog;

/// <summary>How the OTLP output compresses its request bodies.</summary>
public enum FapilogOtlpCompression
{
    /// <summary>Bodies go as they are. The default, as the OTLP exporter specification sets it.</summary>
    None,

    /// <summary>Bodies are gzipped (<c>Content-Encoding: gzip</c>), which every OpenTelemetry collector accepts.</summary>
    Gzip,
}
