using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests;

/// <summary>
/// The README's deployment example ("From one machine to a fleet") is code that builds and configuration that binds:
/// its C# block is <see cref="Example"/> verbatim, and its JSON block configures a logger with both outputs.
/// </summary>
public sealed class ReadmeDeploymentTests
{
    private static string Readme()
    {
        string project = typeof(ReadmeDeploymentTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
        string readme = File.ReadAllText(Path.Combine(project, "..", "..", "README.md")).ReplaceLineEndings("\n");
        return readme[readme.IndexOf("### From one machine to a fleet", StringComparison.Ordinal)..];
    }

    private static string Block(string section, string language) => DocsText.FencedBlock(section, language);

    [Fact]
    public void TheCodeBlock_IsTheCompiledExample()
    {
        string source = File.ReadAllText(Path.Combine(
            typeof(ReadmeDeploymentTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!,
            "ReadmeDeploymentTests.cs")).ReplaceLineEndings("\n");
        string unindented = DocsText.Marked(source, "README deployment");

        Assert.Equal(unindented, Block(Readme(), "csharp"));
    }

    [Fact]
    public void TheJsonBlock_ConfiguresTheFileAndTheOtlpOutput_WithEveryEventSpooled()
    {
        using var folder = new TempFolder();
        string json = Block(Readme(), "json").Replace("logs/checkout.jsonl", folder.File("checkout.jsonl").Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("\"spool\": \"All\"", $"\"spool\": \"All\", \"spoolDirectory\": \"{folder.File("spool").Replace("\\", "/", StringComparison.Ordinal)}\", \"closeTimeout\": \"00:00:00.2\"", StringComparison.Ordinal);

        using (var logger = AppSettings.Read(json).CreateLogger())
        {
            logger.Information("Checkout {Order}", 1);
        }

        string file = Assert.Single(Directory.GetFiles(folder.Path, "checkout*.jsonl"));
        Assert.Single(File.ReadAllLines(file));
        Assert.True(Directory.Exists(folder.File("spool")), "the OTLP output spooled to its folder");
    }

    // Compiled, never run: it would log to a collector that is not there.
    private static void Example()
    {
        // README deployment: begin
        Log.Logger = new LoggerConfiguration()
            .Enrich.WithFapilog(service: "checkout", environment: "prod")
            .WriteTo.Fapilog(wt =>
            {
                wt.FapilogFile("logs/checkout.jsonl");                 // the local record
                wt.FapilogOtlp(new FapilogOtlpOptions
                {
                    Url = "http://otel-collector:4318",                // POSTs to /v1/logs
                    ResourceAttributes = { ["service.name"] = "checkout" },
                    Delivery = { Spool = FapilogSpoolMode.All },       // every event survives an outage or a restart
                });
            })
            .CreateLogger();
        // README deployment: end
    }

    [Fact]
    public void TheExample_IsKeptCompiled() => Assert.NotNull((Action)Example);
}
