using System;
using System.Collections.Generic;
using System.Text.Json;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>The values written straight into a line by <see cref="SpanJsonWriter"/>, without the escaping writer.</summary>
internal static partial class JsonValueWriter
{
    /// <summary>
    /// A property value into a line being written by <paramref name="w"/>, with the same rules and bytes as
    /// <see cref="Write(Utf8JsonWriter, LogEventPropertyValue?, FormatterScratch, int)"/>: the usual scalars and
    /// structures of them are written directly, anything else through the scratch writer.
    /// </summary>
    public static void Write(ref SpanJsonWriter w, LogEventPropertyValue value, FormatterScratch scratch, int depth = 0)
    {
        // Past the depth limit the other path writes its marker.
        if (depth < MaxDepth)
        {
            if (value is StructureValue structure && MembersAreDirect(structure))
            {
                WriteStructure(ref w, structure, scratch, depth);
                return;
            }

            if (value is ScalarValue scalar && IsDirect(scalar.Value))
            {
                WriteDirect(ref w, scalar.Value, scratch);
                return;
            }
        }

        using var json = w.BorrowJson();
        Write(json.Writer, value, scratch, depth);
    }

    /// <summary>
    /// Whether every member is a structure or a scalar written directly: otherwise the whole structure takes one loan of
    /// the escaping writer, rather than one per member that needs it.
    /// </summary>
    private static bool MembersAreDirect(StructureValue structure)
    {
        IReadOnlyList<LogEventProperty> properties = structure.Properties;
        for (int i = 0; i < properties.Count; i++)
        {
            if (properties[i].Value is not (StructureValue or ScalarValue) || (properties[i].Value is ScalarValue scalar && !IsDirect(scalar.Value)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The scalars <see cref="WriteDirect"/> writes: the rest take the escaping writer.</summary>
    private static bool IsDirect(object? value) =>
        value is null or string or int or long or bool or Guid or decimal || (value is double d && double.IsFinite(d));

    private static void WriteDirect(ref SpanJsonWriter w, object? value, FormatterScratch scratch)
    {
        switch (value)
        {
            case string s:
                w.String(s);
                break;
            case int i:
                w.Number(i);
                break;
            case long l:
                w.Number(l);
                break;
            case double d:
                if (scratch.Doubles.TryGet(d, out var text))
                {
                    w.Literal(text);
                }
                else
                {
                    w.Number(d);
                }

                break;
            case bool b:
                w.Literal(b ? "true"u8 : "false"u8);
                break;
            case null:
                w.Literal("null"u8);
                break;
            case Guid g:
                w.String(g);
                break;
            default:
                w.Number((decimal)value);
                break;
        }
    }

    /// <summary>A structure's members in order, then its type tag, as the <see cref="Utf8JsonWriter"/> path writes them.</summary>
    private static void WriteStructure(ref SpanJsonWriter w, StructureValue structure, FormatterScratch scratch, int depth)
    {
        w.Byte((byte)'{');
        IReadOnlyList<LogEventProperty> properties = structure.Properties;
        for (int i = 0; i < properties.Count; i++)
        {
            if (i > 0)
            {
                w.Byte((byte)',');
            }

            w.Key(PropertyNameCache.Plain.Encoded(properties[i].Name));
            Write(ref w, properties[i].Value, scratch, depth + 1);
        }

        if (structure.TypeTag is { } tag)
        {
            w.Literal(properties.Count > 0 ? ",\"$type\":"u8 : "\"$type\":"u8);
            w.String(tag);
        }

        w.Byte((byte)'}');
    }
}
