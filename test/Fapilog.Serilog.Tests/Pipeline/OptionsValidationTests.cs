using System;
using System.Threading;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Pipeline;

public class OptionsValidationTests
{
    public static TheoryData<string, Action<FapilogPipelineOptions>> OutOfRange => new()
    {
        { "QueueLimit", o => o.QueueLimit = 0 },
        { "QueueLimit", o => o.QueueLimit = -5 },
        { "ProtectedReserve", o => o.ProtectedReserve = -1 },
        { "ProtectedReserve", o => { o.QueueLimit = 100; o.ProtectedReserve = 100; } },
        { "ProtectedReserve", o => { o.QueueLimit = 100; o.ProtectedReserve = 500; } },
        { "BatchSizeLimit", o => o.BatchSizeLimit = 0 },
        { "MaxWait", o => o.MaxWait = TimeSpan.FromSeconds(-2) },
        { "ProtectedMaxWait", o => o.ProtectedMaxWait = TimeSpan.FromSeconds(-2) },
        { "ShutdownTimeout", o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan },
        { "ProcessExitTimeout", o => o.ProcessExitTimeout = TimeSpan.FromSeconds(-1) },
        { "BufferingTimeLimit", o => o.BufferingTimeLimit = TimeSpan.FromSeconds(-1) },
        { "FullMode", o => o.FullMode = (QueueFullMode)7 },
        { "ProtectedLevels", o => o.ProtectedLevels = new[] { (FapilogLevel)3 } },
        { "Name", o => o.Name = " " },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void WriteToFapilog_WithAnOptionOutOfRange_ThrowsNamingTheOption(string option, Action<FapilogPipelineOptions> spoil)
    {
        var options = new FapilogPipelineOptions();
        spoil(options);

        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.Fapilog(_ => { }, options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains("FapilogPipelineOptions." + option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToFapilog_WithOptionsOutOfRange_SaysTheOptionTheValueAndTheValidValues()
    {
        var options = new FapilogPipelineOptions { MaxWait = TimeSpan.FromSeconds(-2) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LoggerConfiguration().WriteTo.Fapilog(wt => wt.Sink(new CollectingSink()), options));

        Assert.Equal(
            "Fapilog: FapilogPipelineOptions.MaxWait has the value '-00:00:02'; valid values are time spans written [d.]hh:mm:ss[.fff] from 00:00:00 to 24.20:31:23.6470000, or Timeout.InfiniteTimeSpan. (Parameter 'MaxWait')",
            error.Message);
    }

    [Fact]
    public void WriteToFapilog_FlatForm_NamesTheArgument()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new LoggerConfiguration().WriteTo.Fapilog(wt => wt.Sink(new CollectingSink()), batchSizeLimit: 0));

        Assert.Equal("batchSizeLimit", error.ParamName);
        Assert.Equal("Fapilog: WriteTo.Fapilog argument 'batchSizeLimit' has the value '0'; valid values are 1 to 1000000. (Parameter 'batchSizeLimit')", error.Message);
    }

    [Fact]
    public void WriteToFapilog_FlatForm_TakesTheReportInterval()
    {
        string name = "flat-" + Guid.NewGuid().ToString("N")[..8];
        using var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.Sink(new CollectingSink()), name: name, flushOnProcessExit: false, reportInterval: TimeSpan.FromSeconds(3))
            .CreateLogger();

        Assert.Equal(TimeSpan.FromSeconds(3), FapilogPipelines.Get(name).Options.ReportInterval);
    }

    [Fact]
    public void WriteToFapilog_WhenConfigureAddsNoSink_FailsAtConfiguration()
    {
        var error = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.Fapilog(_ => { }, new FapilogPipelineOptions()));

        Assert.Equal("configure", error.ParamName);
        Assert.Equal(
            "Fapilog: WriteTo.Fapilog argument 'configure' adds no sinks; valid values are one or more sinks, e.g. FapilogFile or FapilogConsole. (Parameter 'configure')",
            error.Message);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var o = new FapilogPipelineOptions();

        Assert.Equal(10_000, o.QueueLimit);
        Assert.Equal(1_000, o.EffectiveProtectedReserve);
        Assert.Equal(QueueFullMode.Drop, o.FullMode);
        Assert.Equal(TimeSpan.FromMilliseconds(50), o.MaxWait);
        Assert.Equal(TimeSpan.FromSeconds(1), o.ProtectedMaxWait);
        Assert.Equal(1_000, o.BatchSizeLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.BufferingTimeLimit);
        Assert.Equal(TimeSpan.FromSeconds(5), o.ShutdownTimeout);
        Assert.True(o.FlushOnProcessExit);
        Assert.Equal(TimeSpan.FromSeconds(2), o.ProcessExitTimeout);
        Assert.Equal("default", o.Name);
        Assert.Equal(TimeSpan.FromSeconds(10), o.ReportInterval);
        Assert.Equal(new[] { FapilogLevel.Error, FapilogLevel.Fatal, FapilogLevel.Audit, FapilogLevel.Security }, o.ProtectedLevels);
        Assert.Equal(100, new FapilogPipelineOptions { QueueLimit = 500 }.EffectiveProtectedReserve);
        Assert.Equal(9, new FapilogPipelineOptions { QueueLimit = 10 }.EffectiveProtectedReserve);
    }
}
