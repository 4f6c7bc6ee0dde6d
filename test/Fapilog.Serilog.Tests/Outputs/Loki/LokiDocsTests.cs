using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

/// <summary>docs/outputs/loki.md's examples work: its C# is <see cref="DocExamples.LokiDocExample"/>'s (which the build compiles), its JSON configures a logger.</summary>
public sealed class LokiDocsTests
{
    private static string ProjectDirectory() => typeof(LokiDocsTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    private static string Block(string language)
    {
        string doc = File.ReadAllText(Path.Combine(ProjectDirectory(), "..", "..", "docs", "outputs", "loki.md")).ReplaceLineEndings("\n");
        return DocsText.FencedBlock(doc, language);
    }

    [Fact]
    public void TheCodeExample_IsTheCompiledExample()
    {
        string source = File.ReadAllText(Path.Combine(ProjectDirectory(), "Outputs", "Loki", "LokiDocExample.cs")).ReplaceLineEndings("\n");
        const string begin = "        // docs example: begin\n";
        int from = source.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var body = source[from..source.IndexOf("        // docs example: end", from, StringComparison.Ordinal)]
            .Split('\n').Select(line => line.Length >= 8 ? line[8..] : line);
        string usings = string.Concat(source.Split('\n').TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal)).Select(line => line + "\n"));

        Assert.Equal(usings + "\n" + string.Join("\n", body), Block("csharp"));
    }

    [Fact]
    public async Task TheJsonExample_ConfiguresALoggerThatDelivers_WithTheLabelsItNames()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        string json = Block("json").Replace("http://loki:3100", loki.Url, StringComparison.Ordinal);

        using (var logger = AppSettings.Read(json).CreateLogger())
        {
            logger.ForContext("Region", "eu-west").Information("Event {N}", 1);
        }

        var entry = Assert.Single(loki.Entries);
        Assert.Equal(new[] { ("Region", "eu-west"), ("app", "shop"), ("env", "prod"), ("level", "INFO") }, entry.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value)));
        Assert.Equal("gzip", Assert.Single(loki.Pushes).Headers["Content-Encoding"]);
    }
}
