using System;
using System.Collections.Generic;
using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Renders a message template straight into UTF-8, the way Serilog's <c>MessageTemplate.Render</c> does in
/// the invariant culture, without building a UTF-16 string: text tokens are transcoded, scalar values are
/// formatted with <see cref="IUtf8SpanFormattable"/>. Only values without such a fast path (enums, custom
/// types, structures, sequences) go through Serilog's own rendering into a reused buffer. A value whose UTF-8
/// formatting fails is formatted as Serilog formats it, with <c>IFormattable.ToString</c> or <c>ToString</c>.
/// </summary>
internal static class MessageRenderer
{
    private static readonly byte[] True = "True"u8.ToArray();
    private static readonly byte[] False = "False"u8.ToArray();
    private static readonly byte[] Null = "null"u8.ToArray();

    // quoteStrings: Serilog quotes string values ("alice"); the envelope's human-readable message does not unless asked.
    // collected: the event's properties as the envelope writer collected them, when it did; tokens then find
    // their values by reference, without hashing.
    public static void Render(MessageTemplate template, IReadOnlyDictionary<string, LogEventPropertyValue> properties,
        bool quoteStrings, Utf8Text output, FormatterScratch scratch, EnvelopeProperties? collected = null)
    {
        // Serilog keeps tokens in an array; iterating it directly avoids an enumerator per event. Text tokens are
        // copied here, in the loop: only property tokens need the call (and its exception frame) below.
        if (template.Tokens is MessageTemplateToken[] tokens)
        {
            foreach (var token in tokens)
            {
                if (token is TextToken text)
                {
                    output.Append(text.Text);
                }
                else
                {
                    RenderProperty((PropertyToken)token, properties, quoteStrings, output, scratch, collected);
                }
            }
        }
        else
        {
            foreach (var token in template.Tokens)
            {
                RenderToken(token, properties, quoteStrings, output, scratch);
            }
        }
    }

    public static void RenderToken(MessageTemplateToken token, IReadOnlyDictionary<string, LogEventPropertyValue> properties,
        bool quoteStrings, Utf8Text output, FormatterScratch scratch, EnvelopeProperties? collected = null)
    {
        if (token is TextToken text)
        {
            output.Append(text.Text);
            return;
        }

        RenderProperty((PropertyToken)token, properties, quoteStrings, output, scratch, collected);
    }

    private static void RenderProperty(PropertyToken property, IReadOnlyDictionary<string, LogEventPropertyValue> properties,
        bool quoteStrings, Utf8Text output, FormatterScratch scratch, EnvelopeProperties? collected)
    {
        var value = collected?.FindSameName(property.PropertyName);
        if (value is null && !properties.TryGetValue(property.PropertyName, out value))
        {
            // Serilog shows a missing property as its raw token text, e.g. "{Name:x8}".
            output.Append(property.ToString());
            return;
        }

        int start = output.Length;
        try
        {
            RenderValue(value, property.Format, quoteStrings, output, scratch);
        }
#pragma warning disable CA1031 // A value's formatting is user code; one bad value must not lose the event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            output.Truncate(start);
            output.Append(SafeText.Marker(ex));
        }

        if (property.Alignment is { } alignment)
        {
            output.Pad(start, alignment.Width, alignment.Direction == AlignmentDirection.Left);
        }
    }

    private static void RenderValue(LogEventPropertyValue value, string? format, bool quoteStrings, Utf8Text output, FormatterScratch scratch)
    {
        if (value is StructureValue structure)
        {
            RenderStructure(structure, output, scratch);
            return;
        }

        if (value is not ScalarValue scalar)
        {
            var fallback = scratch.Fallback;
            fallback.Clear();
            value.Render(scratch.FallbackWriter, format, InvariantFormat.Instance);
            output.Append(fallback);

            if (fallback.Capacity > 1 << 20)
            {
                fallback.Capacity = 1024;
            }

            return;
        }

        switch (scalar.Value)
        {
            case null:
                output.Append(Null);
                break;
            case string s:
                if (quoteStrings && format != "l")
                {
                    AppendQuoted(s, output);
                }
                else
                {
                    output.Append(s);
                }

                break;
            case bool b:
                output.Append(b ? True : False);
                break;
            case char c:
                output.Append(stackalloc char[] { c });
                break;
            case double d when string.IsNullOrEmpty(format):
                int start = output.Length;
                output.AppendDouble(d);
                scratch.Doubles.Remember(d, output.Written[start..]);
                break;
            case int i when string.IsNullOrEmpty(format):
                output.AppendInteger(i);
                break;
            case long l when string.IsNullOrEmpty(format):
                output.AppendInteger(l);
                break;
            case IUtf8SpanFormattable formattable when output.TryAppendFormatted(formattable, format):
                break;
            case Enum e:
                output.Append(SafeText.Invariant(e, format));
                break;
            case IFormattable formattable:
                output.Append(formattable.ToString(format, CultureInfo.InvariantCulture));
                break;
            default:
                output.Append(scalar.Value.ToString());
                break;
        }
    }

    /// <summary>
    /// A destructured object (<c>{@Order}</c>) as Serilog's <c>StructureValue.Render</c> writes it —
    /// <c>Type { Name: value, ... }</c>, each value rendered without a format and strings quoted — but straight
    /// into UTF-8: Serilog's own rendering formats every number into a new string first. Values that are
    /// neither scalars nor structures (sequences, dictionaries) still go through Serilog's rendering.
    /// </summary>
    private static void RenderStructure(StructureValue structure, Utf8Text output, FormatterScratch scratch)
    {
        if (structure.TypeTag is { } tag)
        {
            output.Append(tag);
            output.Append((byte)' ');
        }

        output.Append("{ "u8);
        var properties = structure.Properties;
        for (int i = 0; i < properties.Count; i++)
        {
            if (i > 0)
            {
                output.Append(", "u8);
            }

            output.Append(properties[i].Name);
            output.Append(": "u8);
            RenderValue(properties[i].Value, format: null, quoteStrings: true, output, scratch);
        }

        output.Append(" }"u8);
    }

    /// <summary>Serilog's quoting: the string in double quotes, inner double quotes backslash-escaped.</summary>
    private static void AppendQuoted(string s, Utf8Text output)
    {
        output.Append((byte)'"');
        var rest = s.AsSpan();
        int quote;
        while ((quote = rest.IndexOf('"')) >= 0)
        {
            output.Append(rest[..quote]);
            output.Append("\\\""u8);
            rest = rest[(quote + 1)..];
        }

        output.Append(rest);
        output.Append((byte)'"');
    }
}
