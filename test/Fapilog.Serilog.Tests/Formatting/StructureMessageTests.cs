using System;
using System.Globalization;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// A destructured object in the envelope's message is rendered straight into UTF-8, no longer through
/// Serilog's <c>StructureValue.Render</c>: the text must stay Serilog's, character for character, in both
/// quoting modes and in a hostile culture.
/// </summary>
public class StructureMessageTests
{
    public static TheoryData<string> Cases => new() { "tagged", "untagged", "empty", "nested", "mixed" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Message_WithStructure_IsSerilogsRendering(string name)
    {
        var e = Some.Event(template: "Saw {@Value} and {Text}", properties: new (string, object?)[] { ("Value", Structure(name)), ("Text", "plain") });

        using (HostileCulture.Use())
        {
            Assert.Equal(Reference.Literal(e).Text, Formatted.Envelope(e).GetProperty("message").GetString());
            Assert.Equal(e.RenderMessage(CultureInfo.InvariantCulture), Formatted.Envelope(e, new FapilogEnvelopeOptions { QuoteStringValues = true }).GetProperty("message").GetString());
        }
    }

    [Fact]
    public void Message_WithStructure_ShowsTheValuesAsSerilogDoes()
    {
        var e = Some.Event(template: "Saw {@Value}", properties: ("Value", Structure("tagged")));
        Assert.Equal("Saw Order { Id: 10001, Customer: \"cust \\\"0\\\"\", Total: 20.99, Items: 2, Ratio: 0.1, Gone: null }", Formatted.Envelope(e).GetProperty("message").GetString());
    }

    private static StructureValue Structure(string name) => name switch
    {
        "tagged" => Order("Order"),
        "untagged" => Order(null),
        "empty" => new StructureValue([], "Empty"),
        "nested" => new StructureValue([new("Inner", Order("Line")), new("Count", new ScalarValue(3))], "Outer"),
        _ => new StructureValue(
        [
            new("When", new ScalarValue(new DateTime(2026, 1, 15, 10, 30, 0, DateTimeKind.Utc))),
            new("Level", new ScalarValue(LogEventLevel.Warning)),
            new("Flag", new ScalarValue(true)),
            new("Letter", new ScalarValue('x')),
            new("Id", new ScalarValue(Guid.Parse("0190f3c4-5a6b-7c8d-9e0f-112233445566"))),
            new("Tags", new SequenceValue([new ScalarValue("a"), new ScalarValue(1.5)])),
            new("Big", new ScalarValue(-1234567.891e10)),
        ], "Mixed"),
    };

    private static StructureValue Order(string? tag) => new(
    [
        new("Id", new ScalarValue(10_001)),
        new("Customer", new ScalarValue("cust \"0\"")),
        new("Total", new ScalarValue(20.99m)),
        new("Items", new ScalarValue(2)),
        new("Ratio", new ScalarValue(0.1)),
        new("Gone", new ScalarValue(null)),
    ], tag);
}
