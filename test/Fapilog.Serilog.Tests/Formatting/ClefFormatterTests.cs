using System;
using System.Diagnostics;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

public class ClefFormatterTests
{
    private const string T = "{\"@t\":\"2026-01-15T10:30:00.1230000Z\"";

    private static string Clef(LogEvent e) => Formatted.Utf8(new ClefFormatter(), e);

    [Fact]
    public void Format_InformationEvent_WritesTimestampTemplateAndPropertiesOnly()
        => Assert.Equal(T + ",\"@mt\":\"Hello {Name}\",\"Name\":\"alice\"}\n", Clef(Some.Event(properties: ("Name", "alice"))));

    [Fact]
    public void Format_NonUtcTimestamp_WritesUtcWithSevenFractionalDigits()
    {
        var e = Some.Event(timestamp: new DateTimeOffset(2026, 1, 15, 12, 30, 0, 123, TimeSpan.FromHours(2)), properties: ("Name", "a"));
        Assert.StartsWith(T + ",", Clef(e));
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, "Verbose")]
    [InlineData(LogEventLevel.Debug, "Debug")]
    [InlineData(LogEventLevel.Warning, "Warning")]
    [InlineData(LogEventLevel.Error, "Error")]
    [InlineData(LogEventLevel.Fatal, "Fatal")]
    public void Format_NonInformationLevel_WritesLevelAfterTemplate(LogEventLevel level, string name)
        => Assert.Equal(T + ",\"@mt\":\"x\",\"@l\":\"" + name + "\"}\n", Clef(Some.Event(level, "x")));

    [Fact]
    public void Format_AuditEvent_KeepsSerilogLevelAndMarkerProperty()
        => Assert.Equal(T + ",\"@mt\":\"Audit {N}\",\"@l\":\"Fatal\",\"N\":1,\"FapilogLevel\":\"AUDIT\"}\n", Clef(Some.Audit(1)));

    [Fact]
    public void Format_FormattedTokens_WritesOneRenderingEachInTemplateOrder()
    {
        var e = Some.Event(template: "{A:0.00} {B} {C:l} {D,5} {E:x4}",
            properties: new (string, object?)[] { ("A", 1.5), ("B", 2), ("C", "lit"), ("D", 3), ("E", 255) });
        Assert.Equal(T + ",\"@mt\":\"{A:0.00} {B} {C:l} {D,5} {E:x4}\",\"@r\":[\"1.50\",\"lit\",\"00ff\"],\"A\":1.5,\"B\":2,\"C\":\"lit\",\"D\":3,\"E\":255}\n", Clef(e));
    }

    [Fact]
    public void Format_FormattedStringToken_RendersWithSerilogQuotes()
    {
        var e = Some.Event(template: "{S:u}", properties: ("S", "a\"b"));
        Assert.Contains("\"@r\":[\"\\\"a\\\\\\\"b\\\"\"]", Clef(e));
    }

    [Fact]
    public void Format_PropertyStartingWithAt_DoublesTheAt()
        => Assert.EndsWith(",\"@@x\":1,\"@@mt\":2}\n", Clef(Some.Event(template: "x", properties: new (string, object?)[] { ("@x", 1), ("@mt", 2) })));

    [Fact]
    public void Format_ValueKinds_FollowSerilogJsonRules()
    {
        var e = Some.Event(template: "x", properties: new (string, object?)[]
        {
            ("I", 1), ("L", 2L), ("Dbl", 0.25), ("Nan", double.NaN), ("Pinf", double.PositiveInfinity), ("Ninf", float.NegativeInfinity),
            ("M", 1.50m), ("B", true), ("Nul", null), ("C", 'c'), ("G", new Guid("11111111-2222-3333-4444-555555555555")),
            ("Dt", new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc)), ("Dto", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1))),
            ("Ts", TimeSpan.FromSeconds(90)), ("En", DayOfWeek.Monday), ("S", "tab\there \"q\" \\"),
        });
        Assert.Equal(T + ",\"@mt\":\"x\",\"I\":1,\"L\":2,\"Dbl\":0.25,\"Nan\":\"NaN\",\"Pinf\":\"Infinity\",\"Ninf\":\"-Infinity\","
            + "\"M\":1.50,\"B\":true,\"Nul\":null,\"C\":\"c\",\"G\":\"11111111-2222-3333-4444-555555555555\","
            + "\"Dt\":\"2026-01-02T03:04:05.0060000Z\",\"Dto\":\"2026-01-02T03:04:05.0000000+01:00\",\"Ts\":\"00:01:30\",\"En\":\"Monday\","
            + "\"S\":\"tab\\there \\\"q\\\" \\\\\"}\n", Clef(e));
    }

    [Fact]
    public void Format_StructuresSequencesAndDictionaries_WriteTypeTagArraysAndObjects()
    {
        var structure = new StructureValue(new[] { new LogEventProperty("A", new ScalarValue(1)) }, "Point");
        var sequence = new SequenceValue(new[] { new ScalarValue(1), new ScalarValue("two") });
        var dictionary = new DictionaryValue(new[] { new System.Collections.Generic.KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(7), new ScalarValue(true)) });
        var untagged = new StructureValue(new[] { new LogEventProperty("B", new ScalarValue(null)) });
        var e = Some.Event(template: "x", properties: new (string, object?)[] { ("S", structure), ("Q", sequence), ("D", dictionary), ("U", untagged) });
        Assert.Equal(T + ",\"@mt\":\"x\",\"S\":{\"A\":1,\"$type\":\"Point\"},\"Q\":[1,\"two\"],\"D\":{\"7\":true},\"U\":{\"B\":null}}\n", Clef(e));
    }

    [Fact]
    public void Format_ExceptionAndTraceContext_WritesXThenTraceThenSpan()
    {
        var traceId = ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c");
        var spanId = ActivitySpanId.CreateFromString("b7ad6b7169203331");
        var exception = new InvalidOperationException("boom");
        var e = new LogEvent(Some.Timestamp, LogEventLevel.Error, exception, new global::Serilog.Parsing.MessageTemplateParser().Parse("x"),
            Enumerable.Empty<LogEventProperty>(), traceId, spanId);
        Assert.Equal(T + ",\"@mt\":\"x\",\"@l\":\"Error\",\"@x\":\"System.InvalidOperationException: boom\",\"@tr\":\"0af7651916cd43dd8448eb211c80319c\",\"@sp\":\"b7ad6b7169203331\"}\n", Clef(e));
    }

    [Fact]
    public void Format_HostileValues_StillWritesOneValidLine()
    {
        var e = Some.Event(template: "{T:x} {S}", properties: new (string, object?)[] { ("T", new Throwing()), ("S", "\ud800\u0000"), ("\udc00@", 1) });
        var line = Formatted.Parse(Clef(e));
        Assert.Equal("<rendering failed: InvalidOperationException>", line.GetProperty("T").GetString());
        Assert.Equal("<rendering failed: InvalidOperationException>", line.GetProperty("@r")[0].GetString());
        Assert.Equal("\ufffd\u0000", line.GetProperty("S").GetString());
        Assert.Equal(1, line.GetProperty("\ufffd@").GetInt32());
    }

    [Fact]
    public void Format_TextPath_WritesTheSameLineAsTheUtf8Path()
    {
        var e = Some.Event(LogEventLevel.Warning, "Ünïcode {X:000}", properties: ("X", 7));
        Assert.Equal(Clef(e), Formatted.Text(new ClefFormatter(), e));
    }

    private sealed class Throwing : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) => throw new InvalidOperationException();
    }
}
