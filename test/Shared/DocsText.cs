using System;
using System.Linq;

namespace Fapilog.Serilog.TestSupport;

/// <summary>
/// What the tests that keep the README and docs true share: a fenced block of a markdown text, and the code between a
/// pair of markers in a compiled source file, as a reader would paste it.
/// </summary>
internal static class DocsText
{
    /// <summary>The first block fenced as <paramref name="language"/> (<c>```csharp</c>) at or after <paramref name="from"/>.</summary>
    public static string FencedBlock(string markdown, string language, int from = 0)
    {
        string fence = "```" + language + "\n";
        int at = markdown.IndexOf(fence, from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"a ```{language} block after position {from}");
        int start = at + fence.Length;
        return markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// The lines between <c>// {marker}: begin</c> and <c>// {marker}: end</c> in <paramref name="source"/>, each line
    /// ending in <c>\n</c>, with the method body's indentation (<paramref name="indent"/> spaces) taken off.
    /// </summary>
    public static string Marked(string source, string marker, int indent = 8)
    {
        string pad = new(' ', indent);
        string begin = $"// {marker}: begin\n";
        int at = source.IndexOf(begin, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the marker '{marker}: begin'");
        int from = at + begin.Length;
        string marked = source[from..source.IndexOf(pad + $"// {marker}: end", from, StringComparison.Ordinal)];
        return string.Concat(marked.Split('\n').Select(line => (line.StartsWith(pad, StringComparison.Ordinal) ? line[indent..] : line) + "\n"))[..^1];
    }
}
