using System;
using System.Buffers;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// The envelope writer's shortcuts (the name table, the span it writes into) must never
/// change a line: each is checked against the general path it replaces.
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
        foreach (var name in names)
        {
            var entry = table.Find(name);
            if (entry is not null)
            {
                Assert.Equal(name, entry.Name);
                Assert.Equal("\"" + name + "\":", Encoding.UTF8.GetString(entry.Key));
                Assert.Same(entry, table.Find(new string(name.AsSpan()))); // found by text, not by reference
            }
        }

        Assert.Equal(EnvelopeSlot.Logger, table.Find(FapilogProperties.SourceContext)!.Slot);
        Assert.Null(table.Find(new string('x', 257)));
    }

    [Fact]
    public void Output_SpansOfEveryDegreeOfStinginess_GiveTheSameLines()
    {
        var events = new[]
        {
            Some.Event(template: "Order {OrderId} for {Customer} took {Elapsed} ms", properties: new (string, object?)[] { ("OrderId", 42), ("Customer", "cust-0"), ("Elapsed", 12.5) }),
            Some.Event(template: "{Big} then {Small}", properties: new (string, object?)[] { ("Big", new string('b', 5000)), ("Small", "s"), ("Tags", new SequenceValue(new[] { new ScalarValue("t1"), new ScalarValue("t\"2") })) }),
            Some.Event(LogEventLevel.Error, "failed {Why}", new InvalidOperationException("boom"), properties: new (string, object?)[] { ("Why", "ünïcode"), ("CorrelationId", Guid.Empty), ("ThreadId", 7L), ("ProcessId", 12) }),
        };

        var formatter = new FapilogEnvelopeFormatter();
        int spans = 0;
        foreach (var e in events)
        {
            var roomy = new ArrayBufferWriter<byte>();
            var stingy = new StingyBufferWriter();
            var fe = new FapilogEvent(e, 1, LevelClassifier.Classify(e), Formatted.MessageId);
            formatter.Format(fe, roomy);
            formatter.Format(fe, stingy);
            Assert.Equal(Encoding.UTF8.GetString(roomy.WrittenSpan), Encoding.UTF8.GetString(stingy.Written));
            spans += stingy.Spans;
        }

        Assert.True(spans > events.Length * 3, $"the lines were written across several spans each ({spans})");
    }

    /// <summary>Hands out spans exactly as large as asked (at least one byte), so every renewal path runs.</summary>
    private sealed class StingyBufferWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();
        private byte[] _current = Array.Empty<byte>();

        public int Spans { get; private set; }

        public ReadOnlySpan<byte> Written => _inner.WrittenSpan;

        public void Advance(int count) => _inner.Write(_current.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0) => Next(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Next(sizeHint);

        private byte[] Next(int sizeHint)
        {
            Spans++;
            return _current = new byte[Math.Max(sizeHint, 1)];
        }
    }
}
