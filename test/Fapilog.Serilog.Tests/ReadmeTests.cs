using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Fapilog.Serilog.Tests;

/// <summary>
/// The README's quick start is compiled: it must be the sample's Program.cs between its markers, which the build
/// compiles, so that the code a newcomer pastes is code that builds.
/// </summary>
public class ReadmeTests
{
    [Fact]
    public void QuickStart_IsTheSamplesCode_Verbatim()
    {
        string root = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", ".."));
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        string sample = File.ReadAllText(Path.Combine(root, "samples", "Fapilog.Serilog.Sample", "Program.cs")).ReplaceLineEndings("\n");

        const string fence = "```csharp\n";
        int start = readme.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        string quickStart = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        const string begin = "// README quick start: begin\n";
        int from = sample.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        string marked = sample[from..sample.IndexOf("// README quick start: end", from, StringComparison.Ordinal)];

        Assert.StartsWith("using ", marked);
        Assert.Equal(marked, quickStart);
    }

    private static string ProjectDirectory() => typeof(ReadmeTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
}
