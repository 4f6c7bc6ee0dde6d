using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Serilog;

namespace Fapilog.Serilog.Tests;

/// <summary>
/// The README's ASP.NET Core and audit trail snippets are code that builds: the first is lines of the ASP.NET Core
/// sample (which the build compiles), the second is <see cref="AuditTrailExample"/> verbatim, under its usings.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private static readonly string ProjectDirectory = typeof(ReadmeSnippetTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    private static string Root => Path.Combine(ProjectDirectory, "..", "..");

    private static string CSharpBlockOf(string heading)
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        int section = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"the README has a section {heading}");
        return DocsText.FencedBlock(readme, "csharp", section);
    }

    [Fact]
    public void TheAspNetCoreBlock_IsLinesOfTheCompiledSample()
    {
        string sample = File.ReadAllText(Path.Combine(Root, "samples", "Fapilog.Serilog.AspNetCore.Sample", "Program.cs")).ReplaceLineEndings("\n");
        var sampleLines = sample.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var blockLines = CSharpBlockOf("## ASP.NET Core").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(blockLines);
        Assert.All(blockLines, line => Assert.Contains(line.Trim(), sampleLines));
    }

    [Fact]
    public void TheAuditTrailBlock_IsTheCompiledExample()
    {
        string source = File.ReadAllText(Path.Combine(ProjectDirectory, "ReadmeSnippetTests.cs")).ReplaceLineEndings("\n");
        string unindented = DocsText.Marked(source, "README audit trail");

        Assert.Equal("using Fapilog.Serilog;\nusing Serilog;\n\n" + unindented, CSharpBlockOf("## Tamper-evident audit trail"));
    }

    [Fact]
    public void TheAuditTrailExample_IsKeptCompiled() => Assert.NotNull((Action)AuditTrailExample);

    private static void AuditTrailExample()
    {
        // README audit trail: begin
        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt =>
            {
                wt.FapilogAuditTrail("logs/audit.jsonl", FapilogAuditKey.FromEnvironmentVariable("k1", "AUDIT_KEY"));
                wt.ExceptAuditAndSecurity(o => o.FapilogFile("logs/app.jsonl"));
            })
            .CreateLogger();
        // README audit trail: end
    }
}
