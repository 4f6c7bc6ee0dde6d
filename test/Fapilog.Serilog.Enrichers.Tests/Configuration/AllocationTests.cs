using System;
using System.Linq;
using Fapilog.Serilog.Enrichers.Tests.Support;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers.Tests.Configuration;

/// <summary>
/// The constant-valued enrichers must not allocate per event. Each round removes what the enricher added, so
/// every round takes the adding path (the event's dictionary reuses its freed slot without allocating).
/// </summary>
public class AllocationTests
{
    private const int Rounds = 1_000;

    [Fact]
    public void TheRuntimeEnricher_AllocatesNothingPerEvent()
    {
        var enricher = FapilogEnrichers.Runtime("shop", "dev", "1.0.0", FakeEnvironment.Empty, entryAssembly: null);

        Assert.Equal(0, AllocatedPerRound(enricher));
    }

    [Fact]
    public void TheKubernetesEnricher_AllocatesNothingPerEvent()
    {
        var enricher = FapilogEnrichers.Kubernetes(new KubernetesOptions(), FakeEnvironment.Of(("POD_NAME", "db-0"), ("NODE_NAME", "n1")))!;

        Assert.Equal(0, AllocatedPerRound(enricher));
    }

    [Fact]
    public void TheContextEnricher_InsideAScope_AllocatesNothingPerEvent()
    {
        using var outer = FapilogContext.BindIdentity(requestId: "r-1", userId: "u-1", tenantId: "t-1", correlationId: "c-1");
        using var inner = FapilogContext.Bind("Step", 3);

        Assert.Equal(0, AllocatedPerRound(new FapilogContextEnricher()));
    }

    [Fact]
    public void TheThreadEnricher_AllocatesNothingPerEventOnAWarmThread()
    {
        Assert.Equal(0, AllocatedPerRound(new ThreadEnricher()));
    }

    [Fact]
    public void TheActivityEnricher_WithoutBaggage_AllocatesNothingPerEventOnceItsActivityIsSeen()
    {
        var previous = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = null;
        try
        {
            using var parent = new System.Diagnostics.Activity("parent").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();
            using var child = new System.Diagnostics.Activity("child").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();

            Assert.Equal(0, AllocatedPerRound(new ActivityEnricher(includeBaggage: true)));
        }
        finally
        {
            System.Diagnostics.Activity.Current = previous;
        }
    }

    [Fact]
    public void TheMeasurement_SeesAnEnricherThatAllocatesPerEvent()
    {
        Assert.True(AllocatedPerRound(new AllocatingEnricher()) > 0);
    }

    private static long AllocatedPerRound(ILogEventEnricher enricher)
    {
        var logEvent = Some.Event(("Existing", 1));
        enricher.Enrich(logEvent, null!);
        string[] added = logEvent.Properties.Keys.Where(k => k != "Existing").ToArray();
        Assert.NotEmpty(added);
        Round(enricher, logEvent, added); // warm up: caches, JIT, dictionary slots

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            Round(enricher, logEvent, added);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
    }

    private static void Round(ILogEventEnricher enricher, LogEvent logEvent, string[] added)
    {
        foreach (string name in added)
        {
            logEvent.RemovePropertyIfPresent(name);
        }

        enricher.Enrich(logEvent, null!);
    }

    private sealed class AllocatingEnricher : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
            => logEvent.AddPropertyIfAbsent(new LogEventProperty("Fresh", new ScalarValue(1)));
    }
}
