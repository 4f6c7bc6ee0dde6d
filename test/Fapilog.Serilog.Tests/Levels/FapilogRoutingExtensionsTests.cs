using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;

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
}
