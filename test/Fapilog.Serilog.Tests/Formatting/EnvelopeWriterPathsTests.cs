using System;
using System.Buffers;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// The envelope writer's name table must never change a line: it is checked against the general path it
/// replaces. (The span the writers write into is checked in <see cref="SpanOutputTests"/>.)
/// </summary>
public class EnvelopeWriterPathsTests
{
    [Fact]
    public void Data_MoreNamesThanTheNameTableHolds_AreAllWrittenInOrder()
    {
        // 3 000 names: past the table's 1 024 entries, with long names and names needing escapes among them.
        var names = Enumerable.Range(0, 3000).Select(n => n switch
        {
            7 => "quote\"and\\backslash",
            8 => "ünïcödé",
            9 => new string('n', 300),
            _ => "P" + n,
        }).ToArray();
        var e = Some.Event(template: "many", properties: names.Select((name, n) => (name, (object?)n)).ToArray());

        var formatter = new FapilogEnvelopeFormatter();
        string first = Formatted.Utf8(formatter, e);
        string second = Formatted.Utf8(formatter, e); // the table is warm now: same bytes
        Assert.Equal(first, second);

        var data = Formatted.Parse(second).GetProperty("log").GetProperty("data");
        Assert.Equal(names, data.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(Enumerable.Range(0, 3000).ToArray(), data.EnumerateObject().Select(p => p.Value.GetInt32()).ToArray());
    }

    [Fact]
    public void NameTable_CollidingNames_StayCorrectWhenNotCached()
    {
        // Same length, first, middle and last character: one hash bucket, more names than the probes reach.
        var names = Enumerable.Range(0, 40).Select(n => $"a{(char)('A' + (n % 26))}{(char)('a' + (n / 26))}m{n % 10}xz").Distinct().ToArray();
        var table = new PropertyNameTable();
        int cached = 0;
        foreach (var name in names)
        {
            var entry = table.Find(name);
            if (entry is not null)
            {
                cached++;
                Assert.Equal(name, entry.Name);
                Assert.Equal("\"" + name + "\":", Encoding.UTF8.GetString(entry.Key));
                Assert.Same(entry, table.Find(new string(name.AsSpan()))); // found by text, not by reference
            }
        }

        // Both paths ran: some names were cached, the rest were turned away.
        Assert.InRange(cached, 1, names.Length - 1);

        // Through a formatter, cached and uncached names alike reach data, in order.
        var e = Some.Event(template: "colliding", properties: names.Select((name, n) => (name, (object?)n)).ToArray());
        var data = Formatted.Envelope(e).GetProperty("data");
        Assert.Equal(names, data.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(Enumerable.Range(0, names.Length).ToArray(), data.EnumerateObject().Select(p => p.Value.GetInt32()).ToArray());

        Assert.Same(EnvelopeSchema.Logger, table.Find(FapilogProperties.SourceContext)!.Field);
        Assert.Null(table.Find(new string('x', 257)));
    }
}
