using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>docs/outputs/syslog.md: its code example is compiled here, verbatim, and its options table lists exactly the options' properties.</summary>
public sealed class SyslogDocsTests
{
    [Fact]
    public void TheDocsExample_IsTheCompiledExample_Verbatim()
    {
        string docs = Docs();
        string self = File.ReadAllText(Path.Combine(ProjectDirectory(), "Outputs", "Syslog", "SyslogDocsTests.cs")).ReplaceLineEndings("\n");

        string shown = DocsText.FencedBlock(docs, "csharp");
        string compiled = DocsText.Marked(self, "docs example");

        Assert.StartsWith("Log.Logger = ", compiled, StringComparison.Ordinal);
        Assert.Equal(compiled, shown);
    }

    [Fact]
    public void TheOptionsTable_ListsEveryPublicOption_AndNoOther()
    {
        var rows = Regex.Matches(Docs(), @"^\| `(\w+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Where(n => n != nameof(FapilogSyslogOptions)).ToHashSet(StringComparer.Ordinal);
        var properties = typeof(FapilogSyslogOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(properties.Order(), rows.Order());
    }

    /// <summary>Never run (it would replace the global logger): compiled, so that the docs show code that builds.</summary>
    internal static void Example()
    {
        // docs example: begin
        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogSyslog(new FapilogSyslogOptions
            {
                Host = "logs.example.com",
                Transport = FapilogSyslogTransport.Tls,
                TlsCaFile = "/etc/ssl/our-ca.pem",
                Facility = FapilogSyslogFacility.Local0,
                AppName = "shop",
            }))
            .CreateLogger();
        // docs example: end
    }

    private static string Docs()
    {
        string root = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", ".."));
        return File.ReadAllText(Path.Combine(root, "docs", "outputs", "syslog.md")).ReplaceLineEndings("\n");
    }

    private static string ProjectDirectory() => typeof(SyslogDocsTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
}
