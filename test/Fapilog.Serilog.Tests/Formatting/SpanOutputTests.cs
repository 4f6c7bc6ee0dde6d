using System;
using System.Buffers;
using System.Diagnostics;
using System.Text;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// The formatters write a line into one span and take a fresh one when it runs out (or when the scratch
/// JSON writer appends): however the output hands out its spans, the line must be the same.
/// </summary>
public class SpanOutputTests
{
    public static TheoryData<string> Formats => new() { nameof(FapilogFormat.Envelope), nameof(FapilogFormat.Clef), nameof(FapilogFormat.RenderedClef) };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Output_SpansOfEveryDegreeOfStinginess_GiveTheSameLines(string format)
    {
        var traced = new LogEvent(Some.Timestamp, LogEventLevel.Warning, new InvalidOperationException("boom"),
            new MessageTemplateParser().Parse("{A:0.00} and {B,5} and {C:l} ünï \"q\""),
            new[] { new LogEventProperty("A", new ScalarValue(1.5)), new LogEventProperty("B", new ScalarValue(7)), new LogEventProperty("C", new ScalarValue("c")), new LogEventProperty("Pad", new ScalarValue(new string('p', 480))), new LogEventProperty("@mt", new ScalarValue(true)) },
            ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c"), ActivitySpanId.CreateFromString("b7ad6b7169203331"));
        var events = new[]
        {
            Some.Event(template: "Order {OrderId} for {Customer} took {Elapsed} ms", properties: new (string, object?)[] { ("OrderId", 42), ("Customer", "cust-0"), ("Elapsed", 12.5) }),
            Some.Event(template: "{Big} then {Small}", properties: new (string, object?)[] { ("Big", new string('b', 5000)), ("Small", "s"), ("Tags", new SequenceValue(new[] { new ScalarValue("t1"), new ScalarValue("t\"2") })) }),
            Some.Event(LogEventLevel.Error, "failed {Why}", new InvalidOperationException("boom"), properties: new (string, object?)[] { ("Why", "ünïcode"), ("CorrelationId", Guid.Empty), ("ThreadId", 7L), ("ProcessId", 12) }),
            traced,
        };

        var formatter = FormatterFactory.Create(Enum.Parse<FapilogFormat>(format));
        int spans = 0;
        foreach (var e in events)
        {
            var roomy = new ArrayBufferWriter<byte>();
            var stingy = new StingyBufferWriter();
            var fe = new FapilogEvent(e, 1, LevelClassifier.Classify(e), Formatted.MessageId);
            formatter.Format(fe, roomy);
            formatter.Format(fe, stingy);
            Assert.Equal(Encoding.UTF8.GetString(roomy.WrittenSpan), Encoding.UTF8.GetString(stingy.Written));
            Formatted.Parse(Encoding.UTF8.GetString(stingy.Written));
            spans += stingy.Spans;
        }

        Assert.True(spans > events.Length * 2, $"the lines were written across several spans each ({spans})");
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
