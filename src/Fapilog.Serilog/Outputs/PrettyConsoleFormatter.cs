using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Text;
using Fapilog.Serilog.Formatting;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// One line per event for people: <c>10:30:00.123 INF Shop.Orders  Order 42 shipped to alice  OrderId=42</c>,
/// then the exception, indented, on the following lines.
/// </summary>
/// <remarks>
/// <para>Every piece of event text goes through <see cref="ConsoleEscaper"/>, and exception lines are indented, so
/// no value can forge a line that starts like a log line. Strings in the message are unquoted; property values after
/// the message keep Serilog's rendering (strings quoted) so that spaces inside them stay unambiguous.</para>
/// <para>Values render with the invariant culture, so output does not change with the machine's locale.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "A StringWriter holds no unmanaged resource; disposing it only flags it closed.")]
internal sealed class PrettyConsoleFormatter : IUtf8EventFormatter
{
    private const string Reset = "\u001b[0m";
    private const string ExceptionIndent = "  ";

    private readonly bool _colour;
    private readonly StringBuilder _line = new(256);
    private readonly StringWriter _scratch = new(CultureInfo.InvariantCulture);
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();

    public PrettyConsoleFormatter(bool colour) => _colour = colour;

    /// <summary>
    /// The fixed-width level column. <c>FTL</c> follows Serilog's <c>{Level:u3}</c>; AUDIT and SECURITY get codes
    /// and colours of their own, so they never read as an ordinary fatal.
    /// </summary>
    internal static (string Code, string Colour) LevelStyle(FapilogLevel level) => level switch
    {
        FapilogLevel.Verbose => ("VRB", "\u001b[90m"),
        FapilogLevel.Debug => ("DBG", "\u001b[36m"),
        FapilogLevel.Information => ("INF", "\u001b[32m"),
        FapilogLevel.Warning => ("WRN", "\u001b[1;33m"),
        FapilogLevel.Error => ("ERR", "\u001b[1;31m"),
        FapilogLevel.Fatal => ("FTL", "\u001b[1;97;41m"),
        FapilogLevel.Audit => ("AUD", "\u001b[1;30;46m"),
        FapilogLevel.Security => ("SEC", "\u001b[1;97;45m"),
        _ => ("???", string.Empty),
    };

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        var e = logEvent.LogEvent;
        var line = _line.Clear();

        Span<char> time = stackalloc char[12];
        e.Timestamp.TryFormat(time, out int timeLength, "HH:mm:ss.fff", CultureInfo.InvariantCulture);
        line.Append(time[..timeLength]).Append(' ');

        var (code, colour) = LevelStyle(logEvent.Level);
        if (_colour)
        {
            line.Append(colour).Append(code).Append(Reset);
        }
        else
        {
            line.Append(code);
        }

        line.Append(' ');
        if (e.Properties.TryGetValue(FapilogProperties.SourceContext, out var source))
        {
            AppendValue(source, quoteStrings: false);
            line.Append("  ");
        }

        AppendMessage(e);
        AppendExtraProperties(e);
        line.Append('\n');

        if (e.Exception is not null)
        {
            AppendException(e.Exception);
        }

        TextFormatterAdapter.Encode(line, _encoder, output);
    }

    private void AppendMessage(LogEvent e)
    {
        foreach (var token in e.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property && e.Properties.TryGetValue(property.PropertyName, out var value))
            {
                AppendValue(value, quoteStrings: false, property.Format);
            }
            else if (token is TextToken text)
            {
                ConsoleEscaper.Append(_line, text.Text);
            }
            else
            {
                ConsoleEscaper.Append(_line, token.ToString() ?? string.Empty);
            }
        }
    }

    private void AppendExtraProperties(LogEvent e)
    {
        bool first = true;
        foreach (var (name, value) in e.Properties)
        {
            if (name is FapilogProperties.SourceContext or FapilogProperties.Level
                || EnvelopeProperties.IsDiagnostics(name)
                || IsInTemplate(e.MessageTemplate, name))
            {
                continue;
            }

            _line.Append(first ? "  " : " ");
            first = false;
            ConsoleEscaper.Append(_line, name);
            _line.Append('=');
            AppendValue(value, quoteStrings: true);
        }
    }

    private static bool IsInTemplate(MessageTemplate template, string name)
    {
        foreach (var token in template.Tokens)
        {
            if (token is PropertyToken p && p.PropertyName == name)
            {
                return true;
            }
        }

        return false;
    }

    private void AppendValue(LogEventPropertyValue value, bool quoteStrings, string? format = null)
    {
        if (!quoteStrings && value is ScalarValue { Value: string s })
        {
            ConsoleEscaper.Append(_line, s);
            return;
        }

        var scratch = _scratch.GetStringBuilder().Clear();
        try
        {
            value.Render(_scratch, format, CultureInfo.InvariantCulture);
        }
        catch (Exception ex)
        {
            // A value whose ToString throws must not cost the whole line.
            scratch.Clear().Append("<unrenderable: ").Append(ex.GetType().Name).Append('>');
        }

        ConsoleEscaper.Append(_line, scratch);
    }

    private void AppendException(Exception exception)
    {
        string text;
        try
        {
            text = exception.ToString();
        }
        catch (Exception ex)
        {
            text = exception.GetType().FullName + " (ToString threw " + ex.GetType().Name + ")";
        }

        foreach (var part in text.AsSpan().EnumerateLines())
        {
            _line.Append(ExceptionIndent);
            ConsoleEscaper.Append(_line, part);
            _line.Append('\n');
        }
    }
}
