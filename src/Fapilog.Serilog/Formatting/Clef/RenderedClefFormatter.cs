using System;
using System.Buffers;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Events;
using Serilog.Formatting;

namespace Fapilog.Serilog;

/// <summary>
/// Formats events as Serilog rendered compact JSON (CLEF) with the rendered message (<c>@m</c>) and the template hash (<c>@i</c>), equivalent event for event to Serilog.Formatting.Compact 3.0's <c>RenderedCompactJsonFormatter</c>.
/// </summary>
/// <remarks>
/// <para>CLEF is Serilog's format, so audit and security events keep Serilog's level name
/// (<c>"@l":"Fatal"</c>) and carry the <see cref="FapilogProperties.Level"/> marker as an ordinary property
/// (<c>"FapilogLevel":"AUDIT"</c>): every CLEF reader understands them without knowing fapilog.</para>
/// <para>Renderings use the invariant culture (Serilog.Formatting.Compact defaults to the current one).
/// Lines end with <c>\n</c>. Instances are thread-safe.</para>
/// </remarks>
public sealed class RenderedClefFormatter : ITextFormatter, IUtf8EventFormatter, IScratchFormatter
{
    private readonly ScratchSlot _scratch = new();

    /// <summary>Formats an event for a Serilog sink.</summary>
    /// <param name="logEvent">The event.</param>
    /// <param name="output">Where the line goes.</param>
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);

        // CLEF needs neither the fapilog level nor a message id, so no pipeline context is resolved.
        FormatterRunner.FormatText(this, _scratch, new FapilogEvent(logEvent, 0, FapilogLevel.Information, Guid.Empty), output);
    }

    /// <inheritdoc />
    void IUtf8EventFormatter.Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
        => FormatterRunner.FormatUtf8(this, _scratch, logEvent, output);

    void IScratchFormatter.Write(in FapilogEvent fapilogEvent, IBufferWriter<byte> output, FormatterScratch scratch)
        => ClefWriter.Write(fapilogEvent.LogEvent, output, scratch, rendered: true);
}
