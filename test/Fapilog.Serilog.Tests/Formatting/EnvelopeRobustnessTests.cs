using System;
using System.Linq;
using System.Text.Json;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

public class EnvelopeRobustnessTests
{
    [Fact]
    public void Format_WhenDoubleIsNaN_WritesString()
    {
        var log = Formatted.Envelope(Some.Event(template: "{N} {P}", properties: new (string, object?)[] { ("N", double.NaN), ("P", double.PositiveInfinity) }));
        Assert.Equal("NaN", log.GetProperty("data").GetProperty("N").GetString());
        Assert.Equal("Infinity", log.GetProperty("data").GetProperty("P").GetString());
        Assert.Equal("NaN Infinity", log.GetProperty("message").GetString());
    }

    [Fact]
    public void Format_WhenStringsHoldLoneSurrogatesAndControlChars_WritesValidUtf8Json()
    {
        const string bad = "a\ud800b\udc00c\u0000d\u001fe\u007f";
        var e = Some.Event(template: "t\ud83d {V}", properties: new (string, object?)[] { ("V", bad), ("k\udfff", bad), ("C", '\ud800') });
        var log = Formatted.Envelope(e);
        Assert.Equal("a\ufffdb\ufffdc\u0000d\u001fe\u007f", log.GetProperty("data").GetProperty("V").GetString());
        Assert.Equal("t\ufffd a\ufffdb\ufffdc\u0000d\u001fe\u007f", log.GetProperty("message").GetString());
        Assert.Equal(3, log.GetProperty("data").EnumerateObject().Count());
    }

    [Fact]
    public void Format_WhenDictionaryKeyAndTypeTagHoldLoneSurrogates_WritesValidUtf8Json()
    {
        var dictionary = new DictionaryValue(new[] { new System.Collections.Generic.KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue("k\ud800"), new ScalarValue(1)) });
        var structure = new StructureValue(Array.Empty<LogEventProperty>(), "T\udc00");
        var data = Formatted.Envelope(Some.Event(template: "x", properties: new (string, object?)[] { ("D", dictionary), ("S", structure) })).GetProperty("data");
        Assert.Equal(1, data.GetProperty("D").GetProperty("k\ufffd").GetInt32());
        Assert.Equal("T\ufffd", data.GetProperty("S").GetProperty("$type").GetString());
    }

    [Fact]
    public void Format_WhenToStringThrows_WritesMarkerAndKeepsTheEvent()
    {
        var e = Some.Event(template: "before {T} after", properties: new (string, object?)[] { ("T", new Throwing()), ("Next", 1) });
        var log = Formatted.Envelope(e);
        Assert.Equal("<rendering failed: InvalidOperationException>", log.GetProperty("data").GetProperty("T").GetString());
        Assert.Equal("before <rendering failed: InvalidOperationException> after", log.GetProperty("message").GetString());
        Assert.Equal(1, log.GetProperty("data").GetProperty("Next").GetInt32());
    }

    [Fact]
    public void Format_WhenFormatStringIsInvalid_WritesMarkerInMessage()
    {
        var log = Formatted.Envelope(Some.Event(template: "{N:Q}", properties: ("N", 5)));
        Assert.Equal("<rendering failed: FormatException>", log.GetProperty("message").GetString());
    }

    [Fact]
    public void Format_HugeString_IsWrittenWhole()
    {
        var huge = new string('x', 2_000_000) + "\"end";
        var log = Formatted.Envelope(Some.Event(template: "{H}", properties: ("H", huge)));
        Assert.Equal(huge, log.GetProperty("data").GetProperty("H").GetString());
        Assert.Equal(huge, log.GetProperty("message").GetString());
    }

    [Fact]
    public void Format_VeryDeepStructure_IsCutAtTheDepthLimit()
    {
        LogEventPropertyValue value = new ScalarValue(1);
        for (int i = 0; i < 5000; i++)
        {
            value = i % 2 == 0 ? new SequenceValue(new[] { value }) : new StructureValue(new[] { new LogEventProperty("In", value) });
        }

        var line = Formatted.Utf8(new FapilogEnvelopeFormatter(), Some.Event(template: "x", properties: ("Deep", value)));
        Assert.Contains("\"<depth limit reached>\"", line);
        using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 200 });
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public void Format_SameStructureInstanceReferencedManyTimes_WritesEachOccurrence()
    {
        var shared = new StructureValue(new[] { new LogEventProperty("A", new ScalarValue(1)) });
        var sequence = new SequenceValue(Enumerable.Repeat<LogEventPropertyValue>(shared, 3));
        var data = Formatted.Envelope(Some.Event(template: "x", properties: ("S", sequence))).GetProperty("data");
        Assert.Equal(3, data.GetProperty("S").GetArrayLength());
    }

    [Fact]
    public void Format_ManyThreadsSharingOneFormatter_EachWriteAWholeLine()
    {
        var formatter = new FapilogEnvelopeFormatter();
        var lines = Enumerable.Range(0, 200).AsParallel().WithDegreeOfParallelism(4)
            .Select(n => Formatted.Text(formatter, Some.Numbered(n))).ToList();
        var numbers = lines.Select(l => Formatted.Parse(l).GetProperty("log").GetProperty("data").GetProperty("N").GetInt32()).OrderBy(n => n);
        Assert.Equal(Enumerable.Range(0, 200), numbers);
    }

    private sealed class Throwing
    {
        public override string ToString() => throw new InvalidOperationException("nope");
    }
}
