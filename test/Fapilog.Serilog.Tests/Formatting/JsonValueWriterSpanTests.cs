using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// Values written straight into a line (<see cref="JsonValueWriter"/>'s <see cref="SpanJsonWriter"/> path: scalars,
/// decimals, structures) against the same values through the escaping writer: the same bytes, the depth limit's
/// marker at the same place, valid JSON.
/// </summary>
public class JsonValueWriterSpanTests
{
    private static readonly string[] Names = { "a", "B", "a\"b", "caf\u00e9", " x", "@x", "\ud800", "$type", "x\\y", "tab\t", "<>&+`'" };
    private static readonly string?[] Tags = { null, "", "Order", "Dictionary`2", "a\"b", "\u00e9", "\ud800x", "<T>", "x\ny" };
    private static readonly object?[] Scalars =
    {
        null, "", "plain", "q\"uote", "caf\u00e9", "\ud800", "<>&+`'", 0, -1, long.MaxValue, 1.5, -0.0, double.NaN, double.NegativeInfinity, 0.1 + 0.2,
        0m, -0.0m, decimal.MaxValue, decimal.MinValue, -0.0000000000000000000000000001m, 1.10m, 1.5f, float.NaN, -0f, Guid.Empty,
        true, false, 'c', (byte)1, ulong.MaxValue, new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), DayOfWeek.Friday, (short)-3,
    };

    [Fact]
    public void RandomValues_WriteTheEscapingWritersBytes()
    {
        var random = new Random(20261202);
        for (int i = 0; i < 5_000; i++)
        {
            AssertSameBytes(Random(random, 0));
        }
    }

    [Theory]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(40)]
    public void StructuresAroundTheDepthLimit_PutTheMarkerWhereTheEscapingWriterDoes(int levels)
    {
        foreach (string? tag in new[] { null, "T", "\u00e9" })
        {
            foreach (var leaf in new LogEventPropertyValue[] { new ScalarValue(1), new ScalarValue(1.5m), new StructureValue(Array.Empty<LogEventProperty>(), tag), new SequenceValue(new[] { new ScalarValue(1) }) })
            {
                LogEventPropertyValue value = leaf;
                for (int i = 0; i < levels; i++)
                {
                    value = new StructureValue(new[] { new LogEventProperty("n", value) }, tag);
                }

                string written = AssertSameBytes(value);
                // The leaf sits at depth `levels`, a sequence's element one deeper: the marker stands in for the first value past the limit.
                int deepest = levels + (leaf is SequenceValue ? 1 : 0);
                Assert.Equal(deepest >= JsonValueWriter.MaxDepth, written.Contains("<depth limit reached>", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void AnEventIdAndAnOrder_AreWrittenAsObjectsWithTheirMembersInOrder()
    {
        var eventId = new StructureValue(new[] { new LogEventProperty("Id", new ScalarValue(14)), new LogEventProperty("Name", new ScalarValue("ListeningOnAddress")) });
        var order = new StructureValue(new[] { new LogEventProperty("Total", new ScalarValue(59.70m)), new LogEventProperty("Lines", new ScalarValue(3)) }, "Order");

        Assert.Equal("{\"Id\":14,\"Name\":\"ListeningOnAddress\"}", AssertSameBytes(eventId));
        Assert.Equal("{\"Total\":59.70,\"Lines\":3,\"$type\":\"Order\"}", AssertSameBytes(order));
    }

    private static string AssertSameBytes(LogEventPropertyValue value)
    {
        var direct = new ArrayBufferWriter<byte>();
        var scratch = new FormatterScratch();
        var w = new SpanJsonWriter(direct, scratch.Json);
        JsonValueWriter.Write(ref w, value, scratch);
        w.Complete();

        var escaped = new ArrayBufferWriter<byte>();
        var other = new FormatterScratch();
        var e = new SpanJsonWriter(escaped, other.Json);
        using (var json = e.BorrowJson())
        {
            JsonValueWriter.Write(json.Writer, value, other);
        }

        e.Complete();
        string written = Encoding.UTF8.GetString(direct.WrittenSpan);
        Assert.Equal(Encoding.UTF8.GetString(escaped.WrittenSpan), written);
        using (JsonDocument.Parse(written, new JsonDocumentOptions { MaxDepth = 128 }))
        {
        }

        return written;
    }

    private static LogEventPropertyValue Random(Random random, int depth)
    {
        int kind = depth > 6 ? 0 : random.Next(10);
        return kind switch
        {
            < 4 => new ScalarValue(Scalars[random.Next(Scalars.Length)]),
            < 8 => new StructureValue(
                Enumerable.Range(0, random.Next(4)).Select(_ => new LogEventProperty(Names[random.Next(Names.Length)], Random(random, depth + 1))).ToList(),
                Tags[random.Next(Tags.Length)]),
            8 => new SequenceValue(Enumerable.Range(0, random.Next(3)).Select(_ => Random(random, depth + 1)).ToList()),
            _ => new DictionaryValue(Enumerable.Range(0, random.Next(3))
                .Select(i => new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue("k" + i), Random(random, depth + 1))).ToList()),
        };
    }
}
