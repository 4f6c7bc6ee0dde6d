using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>One generated event, described readably (types included) for a failure message.</summary>
internal sealed class EventCase(LogEvent logEvent, bool captured)
{
    public LogEvent Event { get; } = logEvent;

    /// <summary>Whether Serilog's binder captured the properties (rather than the generator building them).</summary>
    public bool Captured { get; } = captured;

    public override string ToString()
    {
        var e = Event;
        var text = new StringBuilder();
        text.Append(Captured ? "captured" : "built").Append(" event, template ").Append(Quote(e.MessageTemplate.Text));
        text.Append(", level ").Append((int)e.Level).Append(", timestamp ").Append(e.Timestamp.ToString("O", CultureInfo.InvariantCulture));
        text.Append(", exception ").Append(e.Exception?.GetType().Name ?? "none");
        text.Append(", trace ").Append(e.TraceId?.ToHexString() ?? "none").Append('/').Append(e.SpanId?.ToHexString() ?? "none");
        foreach (var property in e.Properties)
        {
            text.Append("\n  ").Append(Quote(property.Key)).Append(" = ").Append(Describe(property.Value));
        }

        return text.ToString();
    }

    public static string Describe(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: null } => "null",
        ScalarValue { Value: string s } => Quote(s),
        ScalarValue scalar => scalar.Value!.GetType().Name + "(" + Quote(Guarded(scalar.Value)) + ")",
        SequenceValue sequence => "[" + string.Join(", ", sequence.Elements.Select(Describe)) + "]",
        StructureValue structure => (structure.TypeTag is { } tag ? Quote(tag) + " " : "")
            + "{" + string.Join(", ", structure.Properties.Select(p => Quote(p.Name) + ": " + Describe(p.Value))) + "}",
        DictionaryValue dictionary => "{" + string.Join(", ", dictionary.Elements.Select(p => Describe(p.Key) + " => " + Describe(p.Value))) + "}",
        _ => value.GetType().Name,
    };

    /// <summary>The text in quotes with everything outside printable ASCII as <c>\uXXXX</c>.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                quoted.Append(c);
            }
            else
            {
                quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return quoted.Append('"').ToString();
    }

    private static string Guarded(object value)
    {
        try
        {
            return value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "(null)";
        }
        catch (Exception ex)
        {
            return "(throws " + ex.GetType().Name + ")";
        }
    }
}
