using System;
using System.Linq;
using Fapilog.Serilog.Enrichers.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Enrichers.Tests.Configuration;

public class WithFapilogTests
{
    private static readonly Func<string, string?> InAPod = FakeEnvironment.Of(("POD_NAME", "web-7d4b9c8f5-x2k9p"));

    [Fact]
    public void TheDefaultSet_IsContextThenRuntime_OutsideKubernetes()
    {
        var enrichers = FapilogEnrichers.Create(new FapilogEnrichersOptions(), FakeEnvironment.Empty, typeof(WithFapilogTests).Assembly);

        Assert.Collection(enrichers,
            e => Assert.IsType<FapilogContextEnricher>(e),
            e => Assert.True(Some.EnrichedBy(Assert.IsType<FixedPropertiesEnricher>(e)).Properties.ContainsKey(FapilogProperties.ServiceName)));
    }

    [Fact]
    public void InAPod_KubernetesIsAddedToo()
    {
        var enrichers = FapilogEnrichers.Create(new FapilogEnrichersOptions(), InAPod, entryAssembly: null);

        var last = Assert.IsType<FixedPropertiesEnricher>(enrichers.Last());
        Assert.True(Some.EnrichedBy(last).Properties.ContainsKey(FapilogProperties.KubernetesDeployment));
    }

    [Fact]
    public void Options_TurnEachEnricherOnOrOff()
    {
        var options = new FapilogEnrichersOptions
        {
            IncludeContext = false,
            IncludeRuntime = false,
            Kubernetes = null,
            IncludeThread = true,
            IncludeActivity = true,
        };

        var enrichers = FapilogEnrichers.Create(options, InAPod, entryAssembly: null);

        Assert.Collection(enrichers, e => Assert.IsType<ActivityEnricher>(e), e => Assert.IsType<ThreadEnricher>(e));
    }

    [Fact]
    public void WithFapilog_ArgumentsReachTheEvents()
    {
        using var log = new TestLogger(c => c.Enrich.WithFapilog(service: "shop", environment: "dev", version: "1.0.0", includeThread: true));

        using (FapilogContext.Bind("Step", 3))
        {
            log.Logger.Information("x");
        }

        var e = log.Sink.Single;
        Assert.Equal(3, Some.Scalar(e, "Step"));
        Assert.Equal("shop", Some.Scalar(e, FapilogProperties.ServiceName));
        Assert.Equal("dev", Some.Scalar(e, FapilogProperties.EnvironmentName));
        Assert.Equal("1.0.0", Some.Scalar(e, FapilogProperties.ServiceVersion));
        Assert.True(e.Properties.ContainsKey(FapilogProperties.ThreadId));
    }

    [Fact]
    public void WithFapilog_WithOptions_AddsOnlyWhatIsChosen()
    {
        using var log = new TestLogger(c => c.Enrich.WithFapilog(new FapilogEnrichersOptions { IncludeRuntime = false, Kubernetes = null }));

        log.Logger.Information("x");

        Assert.Empty(log.Sink.Single.Properties);
    }
}
