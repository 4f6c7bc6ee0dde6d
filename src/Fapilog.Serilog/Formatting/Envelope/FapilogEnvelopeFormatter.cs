using System;
using System.Buffers;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Events;
using Serilog.Formatting;

namespace Fapilog.Serilog;

/// <summary>
/// Formats events as fapilog envelope v1.1 JSON lines (<c>{"schema_version":"1.1","log":{...}}</c>), one per
/// line, terminated by <c>\n</c>. Works with any Serilog sink as an <see cref="ITextFormatter"/>
/// (<c>WriteTo.Console(new FapilogEnvelopeFormatter())</c>) and writes straight to UTF-8 for Fapilog.Serilog's
/// own outputs.
/// </summary>
/// <remarks>
/// <para>Audit and security events (Serilog <c>Fatal</c> with the <see cref="FapilogProperties.Level"/>
/// marker) show <c>AUDIT</c>/<c>SECURITY</c>; the marker is not repeated in <c>data</c>.</para>
/// <para>Well-known properties (<see cref="FapilogProperties"/>) move to <c>log.logger</c>,
/// <c>log.context</c>, <c>log.diagnostics</c> and <c>log.tags</c> when their value fits the schema (ids as
/// scalars, <c>ProcessId</c> an integer, <c>Tags</c> a sequence of strings); otherwise they stay in
/// <c>data</c>. <c>diagnostics.exception.error.inner</c> is always an array (one element for an ordinary
/// inner exception, one per inner of an <see cref="AggregateException"/>, at most 10, 5 levels deep).</para>
/// <para>Rendering is culture-invariant. Instances are thread-safe; the steady state allocates nothing for
/// events whose values are primitives, strings, dates and GUIDs.</para>
/// </remarks>
public sealed class FapilogEnvelopeFormatter : ITextFormatter, IUtf8EventFormatter, IScratchFormatter
{
    private readonly FapilogEnvelopeOptions _options;
    private readonly ScratchSlot _scratch = new();

    /// <summary>Creates a formatter with the default options.</summary>
    public FapilogEnvelopeFormatter()
        : this(new FapilogEnvelopeOptions())
    {
    }

    /// <summary>Creates a formatter.</summary>
    /// <param name="options">The options; copied, so later changes have no effect.</param>
    public FapilogEnvelopeFormatter(FapilogEnvelopeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
    }

    /// <summary>
    /// Formats an event for a Serilog sink. On a Fapilog.Serilog pipeline's writer thread the event gets the
    /// pipeline's <c>message_id</c>; elsewhere a fresh one.
    /// </summary>
    /// <param name="logEvent">The event.</param>
    /// <param name="output">Where the line goes.</param>
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        FormatterRunner.FormatText(this, _scratch, WriterContext.Resolve(logEvent), output);
    }

    /// <inheritdoc />
    void IUtf8EventFormatter.Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
        => FormatterRunner.FormatUtf8(this, _scratch, logEvent, output);

    void IScratchFormatter.Write(in FapilogEvent fapilogEvent, IBufferWriter<byte> output, FormatterScratch scratch)
        => EnvelopeWriter.Write(fapilogEvent, output, scratch, _options);
}
