using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Otlp;

/// <summary>The code example of docs/outputs/otlp.md is compiled: it is <see cref="Example"/>'s body, verbatim.</summary>
public sealed class OtlpDocsTests
{
    [Fact]
    public void TheDocsCodeExample_IsCompiledCode_Verbatim()
    {
        string project = typeof(OtlpDocsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
        string docs = File.ReadAllText(Path.Combine(project, "..", "..", "docs", "outputs", "otlp.md")).ReplaceLineEndings("\n");
        string source = File.ReadAllText(Path.Combine(project, "Outputs", "Otlp", "OtlpDocsTests.cs")).ReplaceLineEndings("\n");

        const string fence = "```csharp\n";
        int start = docs.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        string example = docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)];

        const string begin = "// docs example: begin\n";
        int from = source.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        string marked = source[from..source.IndexOf("        // docs example: end", from, StringComparison.Ordinal)];
        string dedented = string.Concat(marked.Split('\n').Select(line => (line.StartsWith("        ", StringComparison.Ordinal) ? line[8..] : line) + "\n"))[..^1];

        Assert.Contains("FapilogOtlp", example, StringComparison.Ordinal);
        Assert.Equal(dedented, example);
    }

    /// <summary>Compiled, not run: it would log to a collector on this machine's default port.</summary>
    internal static void Example()
    {
        // docs example: begin
        Log.Logger = new LoggerConfiguration()
            .Enrich.WithFapilog(service: "shop", environment: "demo")
            .WriteTo.Fapilog(wt => wt.FapilogOtlp(new FapilogOtlpOptions
            {
                Url = "http://127.0.0.1:4318",                   // POSTs to http://127.0.0.1:4318/v1/logs
                Headers = { ["Authorization"] = "Bearer …" },
                ResourceAttributes =
                {
                    ["service.name"] = "shop",
                    ["deployment.environment.name"] = "demo",
                },
            }))
            .CreateLogger();

        Log.Information("Order {OrderId} shipped to {Customer}", 42, "alice");
        Log.Logger.Audit("User {User} exported {Rows} rows", "alice", 1200);
        Log.CloseAndFlush();
        // docs example: end
    }
}
