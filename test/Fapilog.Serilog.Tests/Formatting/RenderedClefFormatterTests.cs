using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

public class RenderedClefFormatterTests
{
    private static string Rendered(LogEvent e) => Formatted.Utf8(new RenderedClefFormatter(), e);

    [Fact]
    public void Format_WritesRenderedMessageAndEventIdInsteadOfTemplate()
        => Assert.Equal("{\"@t\":\"2026-01-15T10:30:00.1230000Z\",\"@m\":\"Hello, \\\"bob\\\"\",\"@i\":\"0482b02f\",\"User\":\"bob\"}\n",
            Rendered(Some.Event(template: "Hello, {User}", properties: ("User", "bob"))));

    [Fact]
    public void Format_RendersLikeSerilogInTheInvariantCulture()
    {
        var e = Some.Event(LogEventLevel.Error, "{A:0.00} {B,4}|{C,-3}|{S:l} {Missing} {{x}}", properties: new (string, object?)[] { ("A", 1.5), ("B", 7), ("C", "z"), ("S", "lit") });
        var expected = e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        var line = Formatted.Parse(Rendered(e));
        Assert.Equal(expected, line.GetProperty("@m").GetString());
        Assert.Equal("1.50    7|\"z\"|lit {Missing} {x}", expected);
        Assert.False(line.TryGetProperty("@r", out _));
        Assert.Equal("Error", line.GetProperty("@l").GetString());
    }

    [Fact]
    public void Format_TextPath_WritesTheSameLineAsTheUtf8Path()
    {
        var e = Some.Event(template: "Template 1");
        Assert.Equal(Rendered(e), Formatted.Text(new RenderedClefFormatter(), e));
        Assert.Contains("\"@i\":\"80a92521\"", Rendered(e));
    }
}
