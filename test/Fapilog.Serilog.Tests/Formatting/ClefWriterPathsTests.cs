using System.Linq;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// CLEF takes property keys from the envelope's name table, whose keys are the plain names; a name with a
/// leading <c>@</c> must still have it doubled, whether or not the table could hold the name.
/// </summary>
public class ClefWriterPathsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Names_InAndBeyondTheNameTable_AreWrittenInOrderWithLeadingAtDoubled(bool rendered)
    {
        // 3 000 names: past the table's 1 024 entries, with long names (never cached), escapes and leading '@'s.
        var names = Enumerable.Range(0, 3000).Select(n => n switch
        {
            3 => "@",
            4 => "@x",
            5 => "@@y",
            6 => "@" + new string('a', 300),
            7 => "quote\"and\\backslash",
            8 => "ünïcödé",
            9 => new string('n', 300),
            10 => "x@",
            _ => (n % 5 == 0 ? "@P" : "P") + n,
        }).ToArray();
        var e = Some.Event(template: "many", properties: names.Select((name, n) => (name, (object?)n)).ToArray());

        IUtf8EventFormatter formatter = rendered ? new RenderedClefFormatter() : new ClefFormatter();
        string first = Formatted.Utf8(formatter, e);
        string second = Formatted.Utf8(formatter, e); // the table is warm now: same bytes
        Assert.Equal(first, second);

        var written = Formatted.Parse(second).EnumerateObject().Where(p => p.Name is not ("@t" or "@mt" or "@m" or "@i")).ToArray();
        Assert.Equal(names.Select(name => name.StartsWith('@') ? "@" + name : name).ToArray(), written.Select(p => p.Name).ToArray());
        Assert.Equal(Enumerable.Range(0, 3000).ToArray(), written.Select(p => p.Value.GetInt32()).ToArray());
    }

    [Theory]
    [InlineData("{A:0.00} {B}", 0, true)]
    [InlineData("{A} {B}", 0, false)]
    [InlineData(" {A:0.00}", 5000, true)] // too large for the template cache
    [InlineData(" {A}", 5000, false)]
    public void Renderings_TemplateSeenBefore_AreWrittenExactlyWhenATokenIsFormatted(string template, int padding, bool formatted)
    {
        // The template cache remembers whether a template has formatted tokens: the second event must agree with the first.
        var e = Some.Event(template: new string('h', padding) + template, properties: new (string, object?)[] { ("A", 1.5), ("B", 2) });
        var formatter = new ClefFormatter();
        for (int i = 0; i < 2; i++)
        {
            var line = Formatted.Parse(Formatted.Utf8(formatter, e));
            Assert.Equal(formatted, line.TryGetProperty("@r", out var renderings));
            if (formatted)
            {
                Assert.Equal("1.50", renderings[0].GetString());
            }
        }
    }
}
