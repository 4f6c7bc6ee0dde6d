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
        string shown = DocsText.FencedBlock(Docs(), "sql");
        Assert.Equal(new LogTable("public", "logs").CreateTableAndIndexes(), shown);
    }

    [Fact]
    public void TheDocsExample_IsTheCompiledExample_Verbatim()
    {
        string self = File.ReadAllText(Path.Combine(ProjectDirectory(), "PostgreSqlDocsTests.cs")).ReplaceLineEndings("\n");
        string compiled = DocsText.Marked(self, "docs example");

        Assert.StartsWith("Log.Logger = ", compiled, StringComparison.Ordinal);
        Assert.Equal(compiled, DocsText.FencedBlock(Docs(), "csharp"));
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


    private static string ProjectDirectory() =>
        typeof(PostgreSqlDocsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
}
