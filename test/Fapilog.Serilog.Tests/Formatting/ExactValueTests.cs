using System;
using System.Globalization;
using System.Numerics;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// Each scalar type written exactly as Serilog.Formatting.Compact 3.0 writes it, in CLEF, rendered CLEF and the
/// envelope's <c>data</c> and <c>message</c>: golden lines for the types that were wrong, and every edge value
/// checked against the reference itself (<see cref="DifferentialCheck"/>, as the random test does).
/// </summary>
public class ExactValueTests
{
    private const string T = "{\"@t\":\"2026-01-15T10:30:00.1230000Z\"";

    /// <summary>Swedish writes a minus as U+2212, which .NET uses for enums whatever the format provider.</summary>
    private static readonly CultureInfo TypographicMinus = Minus("\u2212");

    public static TheoryData<string, object?> EdgeValues() => new()
    {
        { "sbyte", sbyte.MinValue }, { "byte", byte.MaxValue }, { "short", short.MinValue }, { "ushort", ushort.MaxValue },
        { "int", int.MinValue }, { "uint", uint.MaxValue }, { "long", long.MinValue }, { "ulong", ulong.MaxValue },
        { "nint", nint.MinValue }, { "nuint", nuint.MaxValue }, { "Int128", Int128.MinValue }, { "UInt128", UInt128.MaxValue },
        { "BigInteger", -BigInteger.Pow(10, 40) }, { "Half", Half.Epsilon }, { "Half NaN", Half.NaN },
        { "float", 1.1f }, { "float subnormal", float.Epsilon }, { "float max", float.MaxValue }, { "float NaN", float.NaN },
        { "double", 0.1 }, { "double -0", -0.0 }, { "double subnormal", double.Epsilon }, { "double 1e21", 1e21 }, { "double 1e-7", 1e-7 },
        { "double max", double.MaxValue }, { "double NaN", double.NaN }, { "double +inf", double.PositiveInfinity }, { "double -inf", double.NegativeInfinity },
        { "decimal", 1.50m }, { "decimal max", decimal.MaxValue }, { "decimal -0.000", new decimal(0, 0, 0, true, 3) }, { "decimal 1e-28", 0.0000000000000000000000000001m },
        { "bool", true }, { "char", '\u0001' }, { "string", "tab\t \"q\" \\ \u2028 \U0001F600 \ud800" }, { "null", null },
        { "DateTime utc", new DateTime(2026, 3, 4, 5, 6, 7, 8, DateTimeKind.Utc) }, { "DateTime local", new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Local) },
        { "DateTime unspecified", DateTime.MaxValue }, { "DateTimeOffset", new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromMinutes(-570)) },
        { "DateOnly", new DateOnly(2026, 3, 4) }, { "DateOnly min", DateOnly.MinValue }, { "TimeOnly", new TimeOnly(23, 59, 59, 999) },
        { "TimeOnly max", TimeOnly.MaxValue }, { "TimeSpan", TimeSpan.MinValue }, { "Guid", Guid.AllBitsSet }, { "Uri", new Uri("http://a/b c?d=\"e\"") },
        { "enum", DayOfWeek.Friday }, { "enum flags", System.IO.FileAttributes.Hidden | System.IO.FileAttributes.ReadOnly }, { "enum unnamed", (DayOfWeek)(-3) },
        { "byte[]", new byte[] { 1, 2, 255 } }, { "ActivityTraceId", System.Diagnostics.ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c") },
        { "ActivitySpanId", System.Diagnostics.ActivitySpanId.CreateFromString("b7ad6b7169203331") }, { "Version", new Version(1, 2, 3) },
        { "TryFormat throws", new OddScalars.FragileUtf8() }, { "TryFormat never fits", new OddScalars.Stubborn() }, { "ToString is null", new OddScalars.NullText() },
    };

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void Format_EdgeValue_WritesWhatTheReferenceWrites(string name, object? value)
    {
        var check = new DifferentialCheck();
        foreach (var template in new[] { "{X}", "{X,12}", "{X,-12:G}", "{@X} {$X}", "{X:l} and {X:j}" })
        {
            check.Check(new EventCase(Some.Event(template: template, properties: ("X", value)), captured: false));
            check.Check(new EventCase(Some.Event(template: "{S}", properties: ("S", new SequenceValue(new[] { new ScalarValue(value) }))), captured: false));
        }

        Assert.True(check.Events > 0, name);
    }

    [Fact]
    public void Format_DateOnly_WritesTheIsoDate()
    {
        var e = Some.Event(template: "{D}", properties: ("D", new DateOnly(2026, 3, 4)));
        Assert.Equal(T + ",\"@mt\":\"{D}\",\"D\":\"2026-03-04\"}\n", Formatted.Utf8(new ClefFormatter(), e));
        Assert.Equal(T + ",\"@m\":\"03/04/2026\",\"@i\":\"44eafe0f\",\"D\":\"2026-03-04\"}\n", Formatted.Utf8(new RenderedClefFormatter(), e));
        Assert.Equal("2026-03-04", Formatted.Envelope(e).GetProperty("data").GetProperty("D").GetString());
    }

    [Fact]
    public void Format_TimeOnly_WritesTheRoundTripTime()
    {
        var e = Some.Event(template: "{T}", properties: new (string, object?)[] { ("T", new TimeOnly(23, 59, 59, 999)), ("Midnight", TimeOnly.MinValue) });
        Assert.Equal(T + ",\"@mt\":\"{T}\",\"T\":\"23:59:59.9990000\",\"Midnight\":\"00:00:00.0000000\"}\n", Formatted.Utf8(new ClefFormatter(), e));
        var data = Formatted.Envelope(e).GetProperty("data");
        Assert.Equal("23:59:59.9990000", data.GetProperty("T").GetString());
        Assert.Equal("00:00:00.0000000", data.GetProperty("Midnight").GetString());
    }

    [Fact]
    public void Format_TaggedStructure_WritesTheTypeTagAfterTheMembers()
    {
        var structure = new StructureValue(new[] { new LogEventProperty("X", new ScalarValue(1)), new LogEventProperty("Y", new ScalarValue(2)) }, "Point");
        var e = Some.Event(template: "x", properties: ("P", structure));
        Assert.Equal(T + ",\"@mt\":\"x\",\"P\":{\"X\":1,\"Y\":2,\"$type\":\"Point\"}}\n", Formatted.Utf8(new ClefFormatter(), e));
        Assert.Equal("{\"X\":1,\"Y\":2,\"$type\":\"Point\"}", Formatted.Envelope(e).GetProperty("data").GetProperty("P").GetRawText());
    }

    [Fact]
    public void Format_UnnamedNegativeEnum_WritesTheInvariantMinusWhateverTheCulture()
    {
        var e = new LogEvent(Some.Timestamp, (LogEventLevel)(-1), null, new global::Serilog.Parsing.MessageTemplateParser().Parse("{E} {E:D} {S}"), new[]
        {
            new LogEventProperty("E", new ScalarValue((DayOfWeek)(-3))),
            new LogEventProperty("S", new SequenceValue(new[] { new ScalarValue((DayOfWeek)(-4)) })),
        });
        string clef, rendered, message;
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = TypographicMinus;
        try
        {
            clef = Formatted.Utf8(new ClefFormatter(), e);
            rendered = Formatted.Utf8(new RenderedClefFormatter(), e);
            message = Formatted.Envelope(e).GetProperty("message").GetString()!;
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(T + ",\"@mt\":\"{E} {E:D} {S}\",\"@r\":[\"-3\"],\"@l\":\"-1\",\"E\":\"-3\",\"S\":[\"-4\"]}\n", clef);
        Assert.Equal("-3 -3 [-4]", Formatted.Parse(rendered).GetProperty("@m").GetString());
        Assert.Equal("-3 -3 [-4]", message);
    }

    [Fact]
    public void Format_ValueWhoseUtf8FormattingThrows_IsFormattedWithToStringAsSerilogDoes()
    {
        var e = Some.Event(template: "{F} {F,9}|", properties: ("F", new OddScalars.FragileUtf8()));
        Assert.Equal("fragile   fragile|", Formatted.Parse(Formatted.Utf8(new RenderedClefFormatter(), e)).GetProperty("@m").GetString());
        Assert.Equal("fragile", Formatted.Envelope(e).GetProperty("data").GetProperty("F").GetString());
    }

    [Fact]
    public void Format_ValueWhoseUtf8FormattingNeverFits_IsFormattedWithToString()
    {
        // Before: the renderer quadrupled its buffer for as long as TryFormat said "too small", without end.
        var e = Some.Event(template: "{S}", properties: ("S", new OddScalars.Stubborn()));
        Assert.Equal("stubborn", Formatted.Parse(Formatted.Utf8(new RenderedClefFormatter(), e)).GetProperty("@m").GetString());
        Assert.Equal("stubborn", Formatted.Envelope(e).GetProperty("data").GetProperty("S").GetString());
    }

    [Fact]
    public void Format_NestedValueWithSurrogatePairs_KeepsEveryPairWhole()
    {
        // Serilog renders nested values into a StringBuilder, whose first chunk holds 16 chars: with 13 x's after
        // ["  the pair straddles two chunks, and must not become two U+FFFD. A fresh formatter for each offset.
        for (int pad = 0; pad < 16; pad++)
        {
            var text = new string('x', pad) + "\U0001F600" + new string('y', 40) + "\U0001F601";
            var e = Some.Event(template: "{S}", properties: ("S", new SequenceValue(new[] { new ScalarValue(text) })));
            var expected = e.RenderMessage(CultureInfo.InvariantCulture);
            Assert.Equal(expected, Formatted.Parse(Formatted.Utf8(new RenderedClefFormatter(), e)).GetProperty("@m").GetString());
            Assert.Equal(expected, Formatted.Envelope(e).GetProperty("message").GetString());
        }
    }

    [Fact]
    public void Format_LoneSurrogatesInNeighbouringTokens_AreEachReplacedWhereTheyStand()
    {
        // A documented difference: Serilog's UTF-16 message pairs a high surrogate ending one token with a low one
        // starting the next (U+10000 here); ours replaces each lone surrogate in its own token.
        var e = Some.Event(template: "\ud800{X}", properties: ("X", new OddScalars.Label("\udc00")));
        Assert.Equal("\U00010000", e.RenderMessage(CultureInfo.InvariantCulture));
        Assert.Equal("\ufffd\ufffd", Formatted.Envelope(e).GetProperty("message").GetString());
    }

    private static CultureInfo Minus(string sign)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NegativeSign = sign;
        return culture;
    }
}
