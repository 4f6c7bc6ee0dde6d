using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Formatting;

public class EventIdHashTests
{
    [Theory]
    [InlineData("Hello, {User}", "0482b02f")]
    [InlineData("Template 1", "80a92521")]
    [InlineData("", "00000000")]
    [InlineData("Ünïcode {X}", "e6ac3594")]
    public void Compute_MatchesTheCompactFormatterCheckVectors(string template, string expected)
        => Assert.Equal(expected, EventIdHash.Compute(template).ToString("x8"));
}
