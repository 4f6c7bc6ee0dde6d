using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary>docs/outputs/seq.md's code example is code the build compiles: the body of <see cref="Example"/>, verbatim.</summary>
public sealed class SeqDocsTests
{
    [Fact]
    public void TheDocsExample_IsTheCompiledExample_Verbatim()
    {
        string root = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", ".."));
        string docs = File.ReadAllText(Path.Combine(root, "docs", "outputs", "seq.md")).ReplaceLineEndings("\n");
        string self = File.ReadAllText(Path.Combine(ProjectDirectory(), "Outputs", "Seq", "SeqDocsTests.cs")).ReplaceLineEndings("\n");

        string shown = DocsText.FencedBlock(docs, "csharp");
        string compiled = DocsText.Marked(self, "docs example");

        Assert.StartsWith("Log.Logger = ", compiled, StringComparison.Ordinal);
        Assert.Equal(compiled, shown);
    }

    /// <summary>Never run (it would replace the global logger): compiled, so that the docs show code that builds.</summary>
    internal static void Example()
    {
        // docs example: begin
        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogSeq(new FapilogSeqOptions
            {
                Url = "https://seq.example.com",
                ApiKey = "your-api-key",
                Format = FapilogFormat.RenderedClef,
            }))
            .CreateLogger();
        // docs example: end
    }

    private static string ProjectDirectory() => typeof(SeqDocsTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
}
