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

        string example = DocsText.FencedBlock(docs, "csharp");

        string dedented = DocsText.Marked(source, "docs example");

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
