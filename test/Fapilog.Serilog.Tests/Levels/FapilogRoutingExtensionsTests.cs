using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Configuration;
using Serilog.Formatting.Display;

namespace Fapilog.Serilog.Tests.Levels;

public class FapilogRoutingExtensionsTests
{
    [Fact]
    public void Routing_SendsAuditAndSecurityToOneSink_AndKeepsThemOutOfAnother()
    {
        var audit = new RecordingBatchSink();
        var rest = new CollectingSink();
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt =>
            {
                wt.AuditAndSecurityOnly(a => a.Sink(audit));
                wt.ExceptAuditAndSecurity(o => o.Sink(rest));
            }, new FapilogPipelineOptions { Name = "routing", FlushOnProcessExit = false })
            .CreateLogger();

        logger.Information("Event {N}", 1);
        logger.Audit("Event {N}", 2);
        logger.Fatal("Event {N}", 3);
        logger.Security("Event {N}", 4);
        logger.Dispose();

        Assert.Equal(new[] { 2, 4 }, audit.Events.Select(e => Some.NumberOf(e.LogEvent)));
        Assert.Equal(0, audit.PlainEmits);
        Assert.True(audit.Disposed);
        Assert.Equal(new[] { 1, 3 }, rest.Events.Select(Some.NumberOf));
    }

    [Fact]
    public void IsAuditOrSecurity_WorksAsAFilterOutsideThePipeline()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().Filter.ByExcluding(FapilogRoutingExtensions.IsAuditOrSecurity).WriteTo.Sink(sink).CreateLogger();

        logger.Audit("Event {N}", 1);
        logger.Fatal("Event {N}", 2);

        Assert.Equal(new[] { 2 }, sink.Events.Select(Some.NumberOf));
    }

    [Fact]
    public void RoutedBufferedFile_AnExplicitFlushReachesItsBuffer()
    {
        using var folder = new TempFolder();
        string path = folder.File("audit.txt");
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.AuditAndSecurityOnly(a => a.File(new MessageTemplateTextFormatter("{Message}{NewLine}"), path, buffered: true)),
                new FapilogPipelineOptions { Name = "routing-file-" + Guid.NewGuid().ToString("N")[..8], FlushOnProcessExit = false },
                out var pipeline)
            .CreateLogger();

        logger.Information("Event {N}", 1);
        logger.Audit("Event {N}", 2);
        pipeline.Flush(TimeSpan.FromSeconds(30));

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            Assert.Equal("Event 2", reader.ReadToEnd().Trim());
        }

        logger.Dispose();
    }

    [Fact]
    public void RoutedSerilog4BatchedSink_IsDrivenByTheWriter_AndCountsWhatItReceives()
    {
        var batched = new RecordingBatchedSink();
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.AuditAndSecurityOnly(a => a.Sink(batched, new BatchingOptions { BufferingTimeLimit = TimeSpan.FromHours(1) })),
                new FapilogPipelineOptions { Name = "routing-batched-" + Guid.NewGuid().ToString("N")[..8], FlushOnProcessExit = false },
                out var pipeline)
            .CreateLogger();

        logger.Information("Event {N}", 1);
        logger.Audit("Event {N}", 2);
        logger.Security("Event {N}", 3);
        var flushed = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.Equal(3, flushed.Stats.Written);
        Assert.Equal(new[] { 2, 3 }, batched.Received.Select(Some.NumberOf));
        Assert.All(batched.Threads, name => Assert.StartsWith("fapilog", name));
        logger.Dispose();
        Assert.Equal(1, batched.Disposals);
    }

    [Fact]
    public void RoutedSinkThatThrows_FailsOnlyItsEvents_AndTheOtherRouteGetsAll()
    {
        var throwing = new ThrowingSink(e => Some.NumberOf(e) == 2);
        var rest = new CollectingSink();
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt =>
                {
                    wt.AuditAndSecurityOnly(a => a.Sink(throwing));
                    wt.ExceptAuditAndSecurity(o => o.Sink(rest));
                },
                new FapilogPipelineOptions { Name = "routing-fail-" + Guid.NewGuid().ToString("N")[..8], FlushOnProcessExit = false },
                out var pipeline)
            .CreateLogger();

        logger.Information("Event {N}", 1);
        logger.Audit("Event {N}", 2);
        logger.Audit("Event {N}", 3);
        logger.Dispose();

        var stats = pipeline.GetStats();
        Assert.Equal(1, stats.Failed);
        Assert.Equal(2, stats.Written);
        Assert.Equal(new[] { 1 }, rest.Events.Select(Some.NumberOf));
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void RoutingOutsideAPipeline_WritesOnTheCallersThread_AndDisposesItsSinks()
    {
        var audit = new RecordingBatchSink();
        var logger = new LoggerConfiguration().WriteTo.AuditAndSecurityOnly(a => a.Sink(audit)).CreateLogger();

        logger.Information("Event {N}", 1);
        logger.Audit("Event {N}", 2);
        logger.Dispose();

        Assert.Equal(new[] { 2 }, audit.Events.Select(e => Some.NumberOf(e.LogEvent)));
        Assert.True(audit.Disposed);
    }

    [Fact]
    public void RoutingOutsideAPipeline_GivesEachEventAMessageIdOfItsOwn()
    {
        var audit = new RecordingBatchSink();
        var logger = new LoggerConfiguration().WriteTo.AuditAndSecurityOnly(a => a.Sink(audit)).CreateLogger();

        logger.Audit("Event {N}", 1);
        logger.Security("Event {N}", 2);
        logger.Dispose();

        Assert.All(audit.Events, e => Assert.NotEqual(Guid.Empty, e.MessageId));
        Assert.Equal(2, audit.Events.Select(e => e.MessageId).Distinct().Count());
    }
}
