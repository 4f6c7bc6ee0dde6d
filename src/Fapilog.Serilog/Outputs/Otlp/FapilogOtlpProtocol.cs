namespace Fapilog.Serilog;

/// <summary>How the OTLP output encodes its requests to <c>/v1/logs</c>.</summary>
public enum FapilogOtlpProtocol
{
    /// <summary>OTLP/HTTP with binary protobuf bodies (<c>application/x-protobuf</c>). The default, as in the OpenTelemetry exporters.</summary>
    HttpProtobuf,

    /// <summary>OTLP/HTTP with JSON bodies (<c>application/json</c>), the protobuf JSON mapping OTLP specifies.</summary>
    HttpJson,
}
