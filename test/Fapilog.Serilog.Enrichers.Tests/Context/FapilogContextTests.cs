using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Enrichers.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers.Tests.Context;

public class FapilogContextTests
{
    [Fact]
    public void BoundValues_ReachEventsInsideTheScope_AndNotOutside()
    {
        using var log = TestLogger.WithContext();

        log.Logger.Information("before");
        using (FapilogContext.BindIdentity(requestId: "r-1", userId: "u-1", tenantId: "t-1", correlationId: "c-1"))
        {
            log.Logger.Information("inside");
        }

        log.Logger.Information("after");

        var events = log.Sink.Events;
        Assert.Empty(events[0].Properties);
        Assert.Equal("r-1", Some.Scalar(events[1], FapilogProperties.RequestId));
        Assert.Equal("u-1", Some.Scalar(events[1], FapilogProperties.UserId));
        Assert.Equal("t-1", Some.Scalar(events[1], FapilogProperties.TenantId));
        Assert.Equal("c-1", Some.Scalar(events[1], FapilogProperties.CorrelationId));
        Assert.Empty(events[2].Properties);
    }

    [Fact]
    public void BindIdentity_BindsOnlyTheArgumentsGiven_AndOtherKeysAsNamed()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.BindIdentity(requestId: "r-1", properties: new Dictionary<string, object?> { ["order_id"] = 42, ["Region"] = "eu" }))
        {
            log.Logger.Information("inside");
        }

        var scalars = Some.Scalars(log.Sink.Single);
        Assert.Equal(new[] { "Region", "RequestId", "order_id" }, scalars.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(42, scalars["order_id"]);
    }

    [Fact]
    public void BindIdentity_IdentityArgumentWinsOverAPropertyWithTheSameName()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.BindIdentity(userId: "arg", properties: new Dictionary<string, object?> { [FapilogProperties.UserId] = "dict" }))
        {
            log.Logger.Information("inside");
        }

        Assert.Equal("arg", Some.Scalar(log.Sink.Single, FapilogProperties.UserId));
    }

    [Fact]
    public void InnerScope_OverridesAndExtendsTheOuterOne_AndDisposingRestoresTheOuter()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.BindIdentity(requestId: "outer", userId: "alice"))
        {
            using (FapilogContext.BindIdentity(requestId: "inner", tenantId: "acme"))
            {
                log.Logger.Information("inner");
            }

            log.Logger.Information("outer");
        }

        var inner = log.Sink.Events[0];
        Assert.Equal("inner", Some.Scalar(inner, FapilogProperties.RequestId));
        Assert.Equal("alice", Some.Scalar(inner, FapilogProperties.UserId));
        Assert.Equal("acme", Some.Scalar(inner, FapilogProperties.TenantId));

        var outer = log.Sink.Events[1];
        Assert.Equal("outer", Some.Scalar(outer, FapilogProperties.RequestId));
        Assert.Equal("alice", Some.Scalar(outer, FapilogProperties.UserId));
        Assert.False(outer.Properties.ContainsKey(FapilogProperties.TenantId));
    }

    [Fact]
    public void DisposingTheOuterScopeFirst_RemovesOnlyItsOwnValues()
    {
        using var log = TestLogger.WithContext();

        var outer = FapilogContext.Bind("A", "outer-a");
        var middle = FapilogContext.Bind("B", "middle-b");
        var inner = FapilogContext.Bind("A", "inner-a");

        outer.Dispose();
        log.Logger.Information("outer gone");
        inner.Dispose();
        log.Logger.Information("inner gone");
        middle.Dispose();
        log.Logger.Information("all gone");

        var events = log.Sink.Events;
        Assert.Equal("inner-a", Some.Scalar(events[0], "A"));
        Assert.Equal("middle-b", Some.Scalar(events[0], "B"));
        Assert.False(events[1].Properties.ContainsKey("A"));
        Assert.Equal("middle-b", Some.Scalar(events[1], "B"));
        Assert.Empty(events[2].Properties);
    }

    [Fact]
    public void DisposingAScopeTwice_DoesNotRemoveAnotherScopesValues()
    {
        using var log = TestLogger.WithContext();

        using var outer = FapilogContext.Bind("A", 1);
        var inner = FapilogContext.Bind("B", 2);
        inner.Dispose();
        inner.Dispose();
        log.Logger.Information("x");

        Assert.Equal(1, Some.Scalar(log.Sink.Single, "A"));
        Assert.False(log.Sink.Single.Properties.ContainsKey("B"));
    }

    [Fact]
    public async Task Binding_FlowsIntoAwaitContinuations()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.BindIdentity(requestId: "r-await"))
        {
            await Task.Yield();
            log.Logger.Information("after yield");
            await Task.Run(() => { }); // a continuation scheduled from the thread pool
            log.Logger.Information("after hop");
        }

        Assert.All(log.Sink.Events, e => Assert.Equal("r-await", Some.Scalar(e, FapilogProperties.RequestId)));
        Assert.Equal(2, log.Sink.Events.Count);
    }

    [Fact]
    public async Task Binding_FlowsIntoTaskRunAndNewThreads()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.Bind("Job", "import"))
        {
            await Task.Run(() => log.Logger.Information("task"));
            var thread = new Thread(() => log.Logger.Information("thread"));
            thread.Start();
            thread.Join();
        }

        Assert.Equal(2, log.Sink.Events.Count);
        Assert.All(log.Sink.Events, e => Assert.Equal("import", Some.Scalar(e, "Job")));
    }

    [Fact]
    public async Task BindingsMadeInAChild_DoNotFlowBackToTheParent()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.Bind("Parent", "p"))
        {
            await Task.Run(() =>
            {
                // Deliberately not disposed: even a leaked child binding must stay in the child.
                FapilogContext.Bind("Child", "c");
                FapilogContext.Bind("Parent", "overridden-in-child");
                log.Logger.Information("child");
            });
            await BindInAsyncMethod();
            log.Logger.Information("parent");
        }

        var child = log.Sink.Events[0];
        Assert.Equal("overridden-in-child", Some.Scalar(child, "Parent"));
        var parent = log.Sink.Events[1];
        Assert.Equal("p", Some.Scalar(parent, "Parent"));
        Assert.False(parent.Properties.ContainsKey("Child"));
        Assert.False(parent.Properties.ContainsKey("FromAsync"));

        static async Task BindInAsyncMethod()
        {
            FapilogContext.Bind("FromAsync", true);
            await Task.Yield();
        }
    }

    [Fact]
    public async Task ConcurrentRequests_NeverSeeEachOthersValues()
    {
        const int Requests = 200;
        const int EventsPerRequest = 5;
        using var log = TestLogger.WithContext();
        using var start = new ManualResetEventSlim();

        var requests = Enumerable.Range(0, Requests).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using (FapilogContext.BindIdentity(requestId: "req-" + i, userId: "user-" + i))
            {
                for (int n = 0; n < EventsPerRequest; n++)
                {
                    log.Logger.Information("request {Request} step {Step}", i, n);
                    await Task.Yield();
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(requests);

        var events = log.Sink.Events;
        Assert.Equal(Requests * EventsPerRequest, events.Count);
        Assert.All(events, e =>
        {
            int request = (int)Some.Scalar(e, "Request")!;
            Assert.Equal("req-" + request, Some.Scalar(e, FapilogProperties.RequestId));
            Assert.Equal("user-" + request, Some.Scalar(e, FapilogProperties.UserId));
        });
    }

    [Fact]
    public void BeginCorrelation_WithoutAnId_GeneratesOneAndBindsIt()
    {
        using var log = TestLogger.WithContext();

        string id;
        using (var correlation = FapilogContext.BeginCorrelation())
        {
            id = correlation.CorrelationId;
            Assert.Equal(id, FapilogContext.CorrelationId);
            log.Logger.Information("job step");
        }

        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, Some.Scalar(log.Sink.Single, FapilogProperties.CorrelationId));
        Assert.Null(FapilogContext.CorrelationId);
    }

    [Fact]
    public void BeginCorrelation_GeneratesADifferentIdEachTime_AndKeepsAGivenOne()
    {
        using var first = FapilogContext.BeginCorrelation();
        using var second = FapilogContext.BeginCorrelation();
        using var given = FapilogContext.BeginCorrelation("msg-17");

        Assert.NotEqual(first.CorrelationId, second.CorrelationId);
        Assert.Equal("msg-17", given.CorrelationId);
        Assert.Equal("msg-17", FapilogContext.CorrelationId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void BeginCorrelation_WithABlankId_GeneratesOne(string blank)
    {
        using var correlation = FapilogContext.BeginCorrelation(blank);

        Assert.True(Guid.TryParse(correlation.CorrelationId, out _));
    }

    [Fact]
    public void AValueFromTheTemplateOrForContext_WinsOverABoundOne()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.BindIdentity(requestId: "bound", userId: "bound"))
        {
            log.Logger.Information("template {RequestId}", "from-template");
            log.Logger.ForContext(FapilogProperties.UserId, "from-context").Information("for context");
        }

        Assert.Equal("from-template", Some.Scalar(log.Sink.Events[0], FapilogProperties.RequestId));
        Assert.Equal("bound", Some.Scalar(log.Sink.Events[0], FapilogProperties.UserId));
        Assert.Equal("from-context", Some.Scalar(log.Sink.Events[1], FapilogProperties.UserId));
    }

    [Fact]
    public void Clear_HidesEverythingBoundBefore_UntilDisposed()
    {
        using var log = TestLogger.WithContext();

        using (FapilogContext.Bind("A", 1))
        {
            using (FapilogContext.Clear())
            {
                using (FapilogContext.Bind("B", 2))
                {
                    log.Logger.Information("cleared, then bound");
                }
            }

            log.Logger.Information("restored");
        }

        Assert.Equal(new[] { "B" }, log.Sink.Events[0].Properties.Keys);
        Assert.Equal(new[] { "A" }, log.Sink.Events[1].Properties.Keys);
    }

    [Fact]
    public void Bind_ConvertsValuesLikeTemplateArguments_OnceAtBindTime()
    {
        using var log = TestLogger.WithContext();
        var items = new List<int> { 1, 2 };

        using (FapilogContext.Bind("Items", items))
        using (FapilogContext.Bind("Order", new { Id = 7 }, destructureObjects: true))
        {
            items.Add(3);
            log.Logger.Information("x");
        }

        var e = log.Sink.Single;
        Assert.Equal(2, ((SequenceValue)e.Properties["Items"]).Elements.Count);
        Assert.Equal("7", ((StructureValue)e.Properties["Order"]).Properties.Single(p => p.Name == "Id").Value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Bind_WithABlankKey_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => FapilogContext.Bind(key, 1));
    }
}
