using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Serilog;

namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>docs/outputs/postgresql.md shows the output's own DDL and a code example the build compiles.</summary>
public sealed class PostgreSqlDocsTests
{
    [Fact]
    public void TheDocsDdl_IsTheDdlAutoCreateTableRuns()
    {
        string shown = Block(Docs(), "```sql\n");
        Assert.Equal(new LogTable("public", "logs").CreateTableAndIndexes(), shown);
    }

    [Fact]
    public void TheDocsExample_IsTheCompiledExample_Verbatim()
    {
        string self = File.ReadAllText(Path.Combine(ProjectDirectory(), "PostgreSqlDocsTests.cs")).ReplaceLineEndings("\n");
        const string begin = "// docs example: begin\n";
        int from = self.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        string compiled = string.Concat(self[from..self.IndexOf("        // docs example: end", from, StringComparison.Ordinal)]
            .Split('\n')
            .Select(line => (line.StartsWith("        ", StringComparison.Ordinal) ? line[8..] : line) + "\n"))[..^1];

        Assert.StartsWith("Log.Logger = ", compiled, StringComparison.Ordinal);
        Assert.Equal(compiled, Block(Docs(), "```csharp\n"));
    }

    /// <summary>Never run (it would replace the global logger): compiled, so that the docs show code that builds.</summary>
    internal static void Example()
    {
        // docs example: begin
        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogPostgreSql(new FapilogPostgreSqlOptions
            {
                ConnectionString = "Host=db.example.com;Database=app;Username=app_logger;Password=...",
                Schema = "logging",
                Table = "events",
                AutoCreateTable = true,
            }))
            .CreateLogger();
        // docs example: end
    }

    private static string Docs() =>
        File.ReadAllText(Path.Combine(ProjectDirectory(), "..", "..", "docs", "outputs", "postgresql.md")).ReplaceLineEndings("\n");

    private static string Block(string docs, string fence)
    {
        int start = docs.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        return docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static string ProjectDirectory() =>
        typeof(PostgreSqlDocsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
}
