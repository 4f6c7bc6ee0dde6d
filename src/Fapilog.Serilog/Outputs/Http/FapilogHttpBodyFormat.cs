namespace Fapilog.Serilog;

/// <summary>How the HTTP output lays out the events of one request body.</summary>
public enum FapilogHttpBodyFormat
{
    /// <summary>Newline-delimited JSON (<c>application/x-ndjson</c>): one event per line. The default.</summary>
    Ndjson,

    /// <summary>One JSON array of the events (<c>application/json</c>).</summary>
    JsonArray,
}
