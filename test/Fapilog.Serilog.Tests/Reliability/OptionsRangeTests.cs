using System;
using System.IO;
using System.Threading;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// Values at and past the edges of every option: rejected when the logger is configured, with a message that
/// names the option, or, where the extreme value has a meaning (an age limit of "forever"), honoured at run time.
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class OptionsRangeTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    public static TheoryData<string, Action<FapilogPipelineOptions>> PipelineExtremes => new()
    {
        { "QueueLimit", o => o.QueueLimit = int.MinValue },
        { "QueueLimit", o => o.QueueLimit = int.MaxValue },
        { "ProtectedReserve", o => o.ProtectedReserve = int.MinValue },
        { "ProtectedReserve", o => o.ProtectedReserve = int.MaxValue },
        { "BatchSizeLimit", o => o.BatchSizeLimit = -1 },
        { "BatchSizeLimit", o => o.BatchSizeLimit = int.MaxValue },
        { "MaxWait", o => o.MaxWait = TimeSpan.MaxValue },
        { "MaxWait", o => o.MaxWait = TimeSpan.MinValue },
        { "ProtectedMaxWait", o => o.ProtectedMaxWait = TimeSpan.MaxValue },
        { "ShutdownTimeout", o => o.ShutdownTimeout = TimeSpan.MaxValue },
        { "ShutdownTimeout", o => o.ShutdownTimeout = TimeSpan.FromTicks(-1) },
        { "ProcessExitTimeout", o => o.ProcessExitTimeout = Timeout.InfiniteTimeSpan },
        { "BufferingTimeLimit", o => o.BufferingTimeLimit = TimeSpan.MaxValue },
        { "ReportInterval", o => o.ReportInterval = TimeSpan.Zero },
        { "ReportInterval", o => o.ReportInterval = TimeSpan.FromSeconds(-1) },
        { "ReportInterval", o => o.ReportInterval = TimeSpan.MaxValue },
        { "ProtectedLevels", o => o.ProtectedLevels = null! },
        { "ProtectedLevels", o => o.ProtectedLevels = new[] { FapilogLevel.Audit, (FapilogLevel)(-10) } },
        { "Name", o => o.Name = null! },
        { "Name", o => o.Name = string.Empty },
        { "TimeProvider", o => o.TimeProvider = null! },
    };

    [Theory]
    [MemberData(nameof(PipelineExtremes))]
    public void PipelineOption_AtAnExtreme_IsRejectedAtConfiguration_NamingTheOption(string option, Action<FapilogPipelineOptions> spoil)
    {
        var options = new FapilogPipelineOptions { FlushOnProcessExit = false };
        spoil(options);

        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.Fapilog(_ => { }, options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains("FapilogPipelineOptions." + option, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<FapilogFileOptions>> FileExtremes => new()
    {
        { "Path", o => o.Path = null! },
        { "Path", o => o.Path = "   " },
        { "Path", o => o.Path = "logs/app\0.jsonl" },
        { "Path", o => o.Path = "logs/.jsonl" },
        { "FileSizeLimitBytes", o => o.FileSizeLimitBytes = -1 },
        { "FileSizeLimitBytes", o => o.FileSizeLimitBytes = long.MinValue },
        { "RetainedFileCountLimit", o => o.RetainedFileCountLimit = -1 },
        { "RetainedFileCountLimit", o => o.RetainedFileCountLimit = int.MinValue },
        { "RetainedFileTimeLimit", o => o.RetainedFileTimeLimit = TimeSpan.FromDays(-1) },
        { "RetainedFileTimeLimit", o => o.RetainedFileTimeLimit = TimeSpan.MinValue },
        { "Format", o => o.Format = (FapilogFormat)(-1) },
        { "RollingInterval", o => o.RollingInterval = (FapilogRollingInterval)(-1) },
    };

    [Theory]
    [MemberData(nameof(FileExtremes))]
    public void FileOption_AtAnExtreme_IsRejectedAtConfiguration_NamingTheOption(string option, Action<FapilogFileOptions> spoil)
    {
        var options = new FapilogFileOptions { Path = Path.Combine(_tmp.Path, "app.jsonl") };
        spoil(options);

        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogFile(options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format", -1, 0)]
    [InlineData("format", 99, 0)]
    [InlineData("jsonFormat", 0, -1)]
    [InlineData("jsonFormat", 0, 99)]
    public void ConsoleOption_OutOfRange_IsRejectedAtConfiguration_NamingTheOption(string option, int format, int jsonFormat)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            new LoggerConfiguration().WriteTo.FapilogConsole((FapilogConsoleFormat)format, (FapilogFormat)jsonFormat));

        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void FileAgeLimitOfForever_IsHonoured_NotAnOverflowAtEveryRoll()
    {
        using var selfLog = new SelfLogCapture();
        string path = Path.Combine(_tmp.Path, "app.jsonl");
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.FapilogFile(new FapilogFileOptions { Path = path, RollingInterval = FapilogRollingInterval.Infinite, RetainedFileTimeLimit = TimeSpan.MaxValue }),
                new FapilogPipelineOptions { Name = "forever-" + Guid.NewGuid().ToString("N")[..8], FlushOnProcessExit = false },
                out var pipeline)
            .CreateLogger();

        logger.Information("kept {N}", 1);
        var result = pipeline.Close();

        Assert.Equal(1, result.Stats.Written);
        Assert.Single(File.ReadAllLines(path));
        Assert.Empty(selfLog.Lines);
    }
}
