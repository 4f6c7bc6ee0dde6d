using Fapilog.Serilog.Formatting;
using Serilog.Events;
using Serilog.Parsing;

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

public class EventIdCacheTests
{
    [Fact]
    public void EventId_IsTheTemplatesHash_ForMoreTemplatesThanTheTableHolds_AskedTwiceInTurn()
    {
        var cache = new TemplateJsonCache();
        var parser = new MessageTemplateParser();
        var templates = new MessageTemplate[3000]; // about three per slot: every slot collides
        for (int i = 0; i < templates.Length; i++)
        {
            templates[i] = parser.Parse("Template " + i + " {Value}");
        }

        for (int round = 0; round < 2; round++)
        {
            foreach (var template in templates)
            {
                Assert.Equal(EventIdHash.Compute(template.Text), cache.EventId(template));
            }

            // Each template asked twice in a row: the second answer comes from the table.
            foreach (var template in templates)
            {
                uint first = cache.EventId(template);
                Assert.Equal(first, cache.EventId(template));
                Assert.Equal(EventIdHash.Compute(template.Text), first);
            }
        }
    }
}
