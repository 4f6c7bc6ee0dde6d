using System;
using System.Threading;
using Fapilog.Serilog.Enrichers.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers.Tests.Threading;

public class ThreadEnricherTests
{
    [Fact]
    public void NamedThread_GetsItsIdAndName()
    {
        LogEvent? e = null;
        var thread = new Thread(() => e = Some.EnrichedBy(new ThreadEnricher())) { Name = "worker-1" };
        thread.Start();
        thread.Join();

        Assert.Equal(thread.ManagedThreadId, Some.Scalar(e!, FapilogProperties.ThreadId));
        Assert.Equal("worker-1", Some.Scalar(e!, FapilogProperties.ThreadName));
    }

    [Fact]
    public void UnnamedThread_GetsItsIdButNoName()
    {
        LogEvent? e = null;
        var thread = new Thread(() => e = Some.EnrichedBy(new ThreadEnricher()));
        thread.Start();
        thread.Join();

        Assert.Equal(thread.ManagedThreadId, Some.Scalar(e!, FapilogProperties.ThreadId));
        Assert.False(e!.Properties.ContainsKey(FapilogProperties.ThreadName));
    }

    [Fact]
    public void ARenamedThread_LogsItsNewName()
    {
        LogEvent? before = null, after = null;
        var thread = new Thread(() =>
        {
            Thread.CurrentThread.Name = "first";
            before = Some.EnrichedBy(new ThreadEnricher());
            Thread.CurrentThread.Name = "second";
            after = Some.EnrichedBy(new ThreadEnricher());
        });
        thread.Start();
        thread.Join();

        Assert.Equal("first", Some.Scalar(before!, FapilogProperties.ThreadName));
        Assert.Equal("second", Some.Scalar(after!, FapilogProperties.ThreadName));
    }

    [Fact]
    public void ThePropertyIsReusedOnTheSameThread()
    {
        var enricher = new ThreadEnricher();

        var first = Some.EnrichedBy(enricher);
        var second = Some.EnrichedBy(enricher);

        Assert.Same(first.Properties[FapilogProperties.ThreadId], second.Properties[FapilogProperties.ThreadId]);
        Assert.Equal(Environment.CurrentManagedThreadId, Some.Scalar(first, FapilogProperties.ThreadId));
    }
}
