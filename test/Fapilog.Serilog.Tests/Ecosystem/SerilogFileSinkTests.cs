using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Formatting.Display;

namespace Fapilog.Serilog.Tests.Ecosystem;

/// <summary>Serilog.Sinks.File 7 inside a pipeline: its failures count as failed, and a flush reaches its buffer.</summary>
[Collection(SelfLogCollection.Name)]
public sealed class SerilogFileSinkTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void FileThatCannotBeOpened_CountsItsEventsFailed_NotWritten_AndSaysSoAtOnce()
    {
        using var selfLog = new SelfLogCapture();
        string blocker = _folder.File("not-a-folder");
        File.WriteAllText(blocker, "a file where the log's folder should be");
        var options = Options();
        options.ReportInterval = TimeSpan.FromHours(1); // only a first-failure line can appear before the close

        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.File(Path.Combine(blocker, "x.txt")), options, out var pipeline)
            .CreateLogger();
        logger.Information("one");
        logger.Information("two");
        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.Equal(2, flushed.Stats.Failed);
        Assert.Equal(0, flushed.Stats.Written);
        Assert.Contains(selfLog.Lines, l => l.Contains("failed 1 time", StringComparison.Ordinal) && l.Contains(options.Name, StringComparison.Ordinal));
        logger.Dispose();
    }

    [Fact]
    public void BufferedFile_Flush_PutsEveryLineInTheFile()
    {
        string path = _folder.File("buffered.txt");
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.File(new MessageTemplateTextFormatter("{Message}{NewLine}"), path, buffered: true), Options(), out var pipeline)
            .CreateLogger();

        logger.Information("Event {N}", 1);
        logger.Information("Event {N}", 2);
        logger.Information("Event {N}", 3);
        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.Equal(3, flushed.Stats.Written);
        Assert.Equal(new[] { "Event 1", "Event 2", "Event 3" }, ReadShared(path));
        logger.Dispose();
    }

    [Fact]
    public void BufferedFileWithAMinimumLevel_Flush_StillReachesItsBuffer()
    {
        string path = _folder.File("buffered-warn.txt");
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.File(new MessageTemplateTextFormatter("{Message}{NewLine}"), path, buffered: true, restrictedToMinimumLevel: global::Serilog.Events.LogEventLevel.Warning),
                Options(),
                out var pipeline)
            .CreateLogger();

        logger.Information("Event {N}", 1);
        logger.Warning("Event {N}", 2);
        pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.Equal(new[] { "Event 2" }, ReadShared(path));
        logger.Dispose();
    }

    [Fact]
    public void FallbackChain_ToARealFile_GetsEveryEventTheFailingFileLost()
    {
        string blocker = _folder.File("blocked");
        File.WriteAllText(blocker, "x");
        string fallbackPath = _folder.File("fallback.txt");
        var logger = new LoggerConfiguration()
            .WriteTo.FallbackChain(
                wt => wt.Fapilog(inner => inner.File(Path.Combine(blocker, "x.txt")), Options(), out _),
                fb => fb.File(new MessageTemplateTextFormatter("{Message}{NewLine}"), fallbackPath))
            .CreateLogger();

        for (int i = 0; i < 5; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Event {i}"), File.ReadAllLines(fallbackPath));
    }

    [Fact]
    public void WriterThreadNames_DifferWithinLinuxs15Characters()
    {
        var first = new ThreadNameProbe();
        var second = new ThreadNameProbe();
        var a = Pipelines.Create(new FapilogPipelineOptions { Name = "orders-service-audit" }, out _, first);
        var b = Pipelines.Create(new FapilogPipelineOptions { Name = "orders-service-access" }, out _, second);
        a.Information("x");
        b.Information("x");
        a.Dispose();
        b.Dispose();

        Assert.NotEqual(first.Name![..15], second.Name![..15]);
        Assert.StartsWith("fapilog", first.Name);
    }

    public void Dispose() => _folder.Dispose();

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static FapilogPipelineOptions Options() => new()
    {
        Name = "file7-" + Guid.NewGuid().ToString("N")[..8],
        FlushOnProcessExit = false,
    };

    private sealed class ThreadNameProbe : global::Serilog.Core.ILogEventSink
    {
        public string? Name { get; private set; }

        public void Emit(global::Serilog.Events.LogEvent logEvent) => Name = System.Threading.Thread.CurrentThread.Name;
    }
}
