using System.Buffers;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>A double rendered in the message is reused for data: the JSON must be what Utf8JsonWriter writes.</summary>
public class DoubleReuseTests
{
    [Theory]
    [InlineData(12.5)]
    [InlineData(0.1)]
    [InlineData(1e21)]
    [InlineData(-0.0)]
    [InlineData(5e-324)]
    [InlineData(double.MaxValue)]
    [InlineData(123456789.123456789)]
    public void Envelope_DoubleInMessageAndData_WritesTheSameNumberAsUtf8JsonWriter(double value)
    {
        var formatter = new FapilogEnvelopeFormatter();
        var e = Some.Event(template: "Took {Elapsed} ms", properties: ("Elapsed", value));

        ((IUtf8EventFormatter)formatter).Format(FapilogEvent.Standalone(e), new ArrayBufferWriter<byte>()); // warm: the value is remembered
        var line = Formatted.Utf8(formatter, e);

        var expected = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected))
        {
            writer.WriteNumberValue(value);
        }

        Assert.Contains("\"data\":{\"Elapsed\":" + Encoding.UTF8.GetString(expected.WrittenSpan) + "}", line, System.StringComparison.Ordinal);
        Assert.Equal(value, Formatted.Parse(line).GetProperty("log").GetProperty("data").GetProperty("Elapsed").GetDouble());
    }
}
