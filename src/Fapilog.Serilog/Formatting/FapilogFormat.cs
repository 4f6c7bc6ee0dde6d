namespace Fapilog.Serilog;

/// <summary>The line formats that Fapilog.Serilog's outputs can write.</summary>
public enum FapilogFormat
{
    /// <summary>The fapilog envelope v1.1 (JSON lines). The default.</summary>
    Envelope,

    /// <summary>Serilog's compact JSON (CLEF) with the message template (<c>@mt</c>).</summary>
    Clef,

    /// <summary>Serilog's rendered compact JSON (CLEF) with the rendered message (<c>@m</c>) and its template hash (<c>@i</c>).</summary>
    RenderedClef,
}
