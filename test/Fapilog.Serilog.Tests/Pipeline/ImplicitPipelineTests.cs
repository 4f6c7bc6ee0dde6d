using System.IO;
using System.Threading;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Pipeline;

public class ImplicitPipelineTests
{
    [Fact]
    public void Output_AddedOutsideAPipeline_PutsItselfBehindOne()
    {
        var probe = new ThreadNameSink();
        var logger = FapilogLoggerConfigurationExtensions
            .AddOutput(new LoggerConfiguration().WriteTo, probe, "implicit-probe")
            .CreateLogger();

        logger.Information("x");
        logger.Dispose();

        Assert.Matches("^fapilog[0-9]+:implicit-probe$", probe.ThreadName);
    }

    [Fact]
    public void Output_AddedInsideAPipeline_IsNotWrappedAgain()
    {
        var probe = new ThreadNameSink();
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => FapilogLoggerConfigurationExtensions.AddOutput(wt, probe, "must-not-appear"),
                new FapilogPipelineOptions { Name = "outer-probe", FlushOnProcessExit = false })
            .CreateLogger();

        logger.Information("x");
        logger.Dispose();

        Assert.Matches("^fapilog[0-9]+:outer-probe$", probe.ThreadName);
        Assert.False(SinkCapture.IsInsidePipeline);
    }

    [Fact]
    public void FapilogFile_ShortestForm_WritesThroughAPipeline()
    {
        using var folder = new TempFolder();
        var logger = new LoggerConfiguration().WriteTo.FapilogFile(folder.File("app.jsonl"), rollingInterval: global::Fapilog.Serilog.FapilogRollingInterval.Infinite).CreateLogger();

        logger.Information("Hello {Name}", "file");
        logger.Dispose();

        var line = Assert.Single(File.ReadAllLines(folder.File("app.jsonl")));
        Assert.Contains("\"message\":\"Hello file\"", line, System.StringComparison.Ordinal);
    }

    private sealed class ThreadNameSink : ILogEventSink
    {
        public string? ThreadName { get; private set; }

        public void Emit(LogEvent logEvent) => ThreadName = Thread.CurrentThread.Name;
    }
}
