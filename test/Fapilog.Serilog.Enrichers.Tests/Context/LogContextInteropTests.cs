using Fapilog.Serilog.Enrichers.Tests.Support;
using Serilog;
using Serilog.Context;

namespace Fapilog.Serilog.Enrichers.Tests.Context;

public class LogContextInteropTests
{
    [Fact]
    public void BothContexts_AddTheirValues_SideBySide()
    {
        using var log = new TestLogger(c => c.Enrich.WithFapilogContext().Enrich.FromLogContext());

        using (FapilogContext.BindIdentity(requestId: "r-1"))
        using (LogContext.PushProperty("OrderId", 7))
        {
            log.Logger.Information("x");
        }

        Assert.Equal("r-1", Some.Scalar(log.Sink.Single, FapilogProperties.RequestId));
        Assert.Equal(7, Some.Scalar(log.Sink.Single, "OrderId"));
    }

    [Fact]
    public void ForTheSameName_FapilogContextWins_WhenRegisteredFirst()
    {
        using var log = new TestLogger(c => c.Enrich.WithFapilogContext().Enrich.FromLogContext());

        using (FapilogContext.BindIdentity(requestId: "fapilog"))
        using (LogContext.PushProperty(FapilogProperties.RequestId, "logcontext"))
        {
            log.Logger.Information("x");
        }

        Assert.Equal("fapilog", Some.Scalar(log.Sink.Single, FapilogProperties.RequestId));
    }

    [Fact]
    public void ForTheSameName_LogContextWins_WhenRegisteredFirst()
    {
        using var log = new TestLogger(c => c.Enrich.FromLogContext().Enrich.WithFapilogContext());

        using (FapilogContext.BindIdentity(requestId: "fapilog"))
        using (LogContext.PushProperty(FapilogProperties.RequestId, "logcontext"))
        {
            log.Logger.Information("x");
        }

        Assert.Equal("logcontext", Some.Scalar(log.Sink.Single, FapilogProperties.RequestId));
    }
}
