using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// Writes one event as an RFC 5424 message, <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG</c>,
/// then a line break that the transport takes off (a record of the delivery stage is one line). Nothing in the message
/// is a control character, so neither the octet-counted frame nor a line-based reader can be misled by its content.
/// </summary>
/// <remarks>
/// The structured data is one element with the output's SD-ID: <c>level</c>, <c>message_id</c>, <c>logger</c>,
/// <c>correlation_id</c>, <c>trace_id</c>, <c>span_id</c> and <c>exception</c> when the event has them, then (unless
/// turned off) the event's other properties, their names fitted to SD-NAME (a name that is one of those
/// parameters' gets a leading <c>_</c>, so that a property cannot pass for the event's level or id). The MSG is the rendered message, without
/// a BOM (MSG-ANY).
/// </remarks>
internal sealed class SyslogRecordFormatter : IUtf8EventFormatter
{
    private readonly FapilogSyslogFacility _facility;
    private readonly FapilogSyslogFacility _auditFacility;
    private readonly string _fixedFields;
    private readonly string? _msgIdProperty;
    private readonly string _sdOpen;
    private readonly bool _includeProperties;

    public SyslogRecordFormatter(FapilogSyslogOptions options)
    {
        _facility = options.Facility;
        _auditFacility = options.AuditFacility;
        string host = SyslogFields.Header(options.Hostname ?? Environment.MachineName, SyslogFields.HostnameLength);
        string app = SyslogFields.Header(options.AppName ?? ProcessName(), SyslogFields.AppNameLength);
        string procId = SyslogFields.Header(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), SyslogFields.ProcIdLength);
        _fixedFields = " " + host + " " + app + " " + procId + " ";
        _msgIdProperty = options.MsgIdProperty;
        _sdOpen = " [" + options.StructuredDataId;
        _includeProperties = options.IncludeProperties;
    }

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var e = logEvent.LogEvent;
        int pri = SyslogPriority.Of(logEvent.Level, _facility, _auditFacility);
        WritePriorityAndTimestamp(pri, e.Timestamp.UtcDateTime, output);
        SyslogFields.AppendAscii(_fixedFields, output);
        SyslogFields.AppendAscii(SyslogFields.Header(MsgId(e), SyslogFields.MsgIdLength), output);
        SyslogFields.AppendAscii(_sdOpen, output);
        Param("level", LevelClassifier.EnvelopeName(logEvent.Level), output);
        ParamName("message_id", output);
        var id = output.GetSpan(36);
        logEvent.MessageId.TryFormat(id, out int idLength, "D");
        output.Advance(idLength);
        SyslogFields.AppendAscii("\"", output);
        Param("logger", Scalar(e, FapilogProperties.SourceContext), output);
        Param("correlation_id", Scalar(e, FapilogProperties.CorrelationId) ?? Scalar(e, FapilogProperties.RequestId), output);
        Param("trace_id", e.TraceId?.ToHexString(), output);
        Param("span_id", e.SpanId?.ToHexString(), output);
        Param("exception", e.Exception is null ? null : SafeText.Of(e.Exception), output);
        if (_includeProperties)
        {
            foreach (var property in e.Properties)
            {
                if (!IsMapped(property.Key))
                {
                    // A property may not pass for one of the context's parameters (a "level" of the event's own words).
                    string name = SyslogFields.SdName(property.Key);
                    name = IsContextParam(name) ? "_" + name : name;
                    if (!TryNumber(property.Value, name, output))
                    {
                        Param(name, Render(property.Value), output);
                    }
                }
            }
        }

        SyslogFields.AppendAscii("]", output);
        string message = Message(e);
        if (message.Length > 0)
        {
            SyslogFields.AppendAscii(" ", output);
            SyslogFields.AppendText(message, output);
        }

        SyslogFields.AppendAscii("\n", output);
    }

    private static string ProcessName()
    {
        using var process = Process.GetCurrentProcess();
        return process.ProcessName;
    }

    private static bool IsMapped(string name) =>
        name is FapilogProperties.SourceContext or FapilogProperties.CorrelationId or FapilogProperties.Level;

    private static bool IsContextParam(string name)
    {
        foreach (string context in ContextParams)
        {
            if (string.Equals(name, context, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void Param(string name, string? value, IBufferWriter<byte> output)
    {
        if (value is null)
        {
            return;
        }

        ParamName(name, output);
        SyslogFields.AppendParamValue(value, output);
        SyslogFields.AppendAscii("\"", output);
    }

    private static void ParamName(string name, IBufferWriter<byte> output)
    {
        SyslogFields.AppendAscii(" ", output);
        SyslogFields.AppendAscii(name, output);
        SyslogFields.AppendAscii("=\"", output);
    }

    /// <summary><c>&lt;PRI&gt;1 TIMESTAMP</c>, formatted in place: no string per event.</summary>
    private static void WritePriorityAndTimestamp(int pri, DateTime utc, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(48);
        span[0] = (byte)'<';
        Utf8Formatter.TryFormat(pri, span[1..], out int digits);
        ">1 "u8.CopyTo(span[(1 + digits)..]);
        int length = 1 + digits + 3;
        utc.TryFormat(span[length..], out int timestamp, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        output.Advance(length + timestamp);
    }

    /// <summary>
    /// A number property written in place, as <c>ToString(null, InvariantCulture)</c> writes it (digits, sign, point,
    /// exponent, <c>NaN</c>, <c>Infinity</c>: nothing a PARAM-VALUE escapes); false for every other value.
    /// </summary>
    private static bool TryNumber(LogEventPropertyValue value, string name, IBufferWriter<byte> output)
    {
        return value is ScalarValue { Value: { } scalar } && scalar switch
        {
            int i => Write(i),
            long l => Write(l),
            double d => Write(d),
            decimal m => Write(m),
            float f => Write(f),
            _ => false,
        };

        bool Write<T>(T number)
            where T : IUtf8SpanFormattable
        {
            Span<byte> text = stackalloc byte[64];
            if (!number.TryFormat(text, out int written, default, CultureInfo.InvariantCulture))
            {
                return false;
            }

            ParamName(name, output);
            var room = output.GetSpan(written + 1);
            text[..written].CopyTo(room);
            room[written] = (byte)'"';
            output.Advance(written + 1);
            return true;
        }
    }

    private static string? Scalar(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: not null } scalar ? SafeText.Of(scalar.Value) : null;

    private static string Render(LogEventPropertyValue value)
    {
        if (value is ScalarValue scalar)
        {
            return scalar.Value is null ? "null" : SafeText.Of(scalar.Value);
        }

        try
        {
            return value.ToString(null, CultureInfo.InvariantCulture);
        }
#pragma warning disable CA1031 // A property's ToString may throw anything; the event must still be sent.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return SafeText.Marker(ex);
        }
    }

    private string? MsgId(LogEvent e) =>
        _msgIdProperty is not null && e.Properties.TryGetValue(_msgIdProperty, out var value) ? Render(value) : null;

    private static string Message(LogEvent e)
    {
        try
        {
            return e.RenderMessage(CultureInfo.InvariantCulture);
        }
#pragma warning disable CA1031 // Rendering calls user ToString; the event must still be sent.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return e.MessageTemplate.Text + " " + SafeText.Marker(ex);
        }
    }

    internal static IReadOnlyList<string> ContextParams { get; } = ["level", "message_id", "logger", "correlation_id", "trace_id", "span_id", "exception"];
}
