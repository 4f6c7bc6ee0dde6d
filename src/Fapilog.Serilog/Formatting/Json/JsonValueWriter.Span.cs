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

            if (value is ScalarValue scalar && TryWriteScalar(ref w, scalar.Value, scratch))
            {
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
            switch (properties[i].Value)
            {
                case StructureValue:
                case ScalarValue { Value: null or string or int or long or bool or Guid or decimal }:
                case ScalarValue { Value: double d } when double.IsFinite(d):
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool TryWriteScalar(ref SpanJsonWriter w, object? value, FormatterScratch scratch)
    {
        switch (value)
        {
            case string s:
                w.String(s);
                return true;
            case int i:
                w.Number(i);
                return true;
            case long l:
                w.Number(l);
                return true;
            case double d when double.IsFinite(d):
                if (scratch.Doubles.TryGet(d, out var text))
                {
                    w.Literal(text);
                }
                else
                {
                    w.Number(d);
                }

                return true;
            case bool b:
                w.Literal(b ? "true"u8 : "false"u8);
                return true;
            case null:
                w.Literal("null"u8);
                return true;
            case Guid g:
                w.String(g);
                return true;
            case decimal m:
                w.Number(m);
                return true;
            default:
                return false;
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
