using System;
using System.Collections.Generic;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>The process-exit seam: what each notification does, and a host turning the hooks off.</summary>
public class ProcessExitHooksTests
{
    [Fact]
    public void ProcessExit_ClosesThePipeline_WithEverythingWritten()
    {
        var events = new FakeProcessEvents();
        var sink = new CollectingSink();
        using var logger = Create(events, sink, out var pipeline);
        logger.Information("before exit");

        events.Raise("exit");

        var stats = pipeline.GetStats();
        Assert.True(stats.IsClosed);
        Assert.Equal(1, stats.Written);
        Assert.Single(sink.Events);
    }

    [Theory]
    [InlineData("unhandled")]
    [InlineData("sigterm")]
    public void AnUnhandledExceptionOrSigterm_FlushesThePipeline_AndLeavesItOpen(string notification)
    {
        var events = new FakeProcessEvents();
        var sink = new CollectingSink();
        using var logger = Create(events, sink, out var pipeline);
        logger.Information("before {Notification}", notification);

        events.Raise(notification);

        Assert.Single(sink.Events); // written by the flush, before Raise returned
        Assert.False(pipeline.GetStats().IsClosed);
        logger.Information("after");
        Assert.False(pipeline.Flush().TimedOut);
        Assert.Equal(2, sink.Events.Count);
    }

    [Fact]
    public void AHostThatDetachesTheHooks_OwnsTheShutdown()
    {
        var events = new FakeProcessEvents();
        var sink = new CollectingSink();
        using var logger = Create(events, sink, out var pipeline);

        Assert.True(pipeline.DetachProcessExitHooks());
        Assert.False(pipeline.DetachProcessExitHooks()); // once
        Assert.Equal(0, events.Installed);

        events.Raise("exit");
        Assert.False(pipeline.GetStats().IsClosed);
    }

    [Fact]
    public void ACloseRemovesTheHooks()
    {
        var events = new FakeProcessEvents();
        var logger = Create(events, new CollectingSink(), out var pipeline);
        Assert.Equal(3, events.Installed);

        logger.Dispose();

        Assert.Equal(0, events.Installed);
        Assert.False(pipeline.DetachProcessExitHooks());
    }

    [Fact]
    public void WithFlushOnProcessExitOff_NoHookIsInstalled()
    {
        var events = new FakeProcessEvents();
        var options = new FapilogPipelineOptions { FlushOnProcessExit = false, ProcessEvents = events };
        using var logger = new LoggerConfiguration().WriteTo.Fapilog(wt => wt.Sink(new CollectingSink()), options, out var pipeline).CreateLogger();

        Assert.Equal(0, events.Installed);
        Assert.False(pipeline.DetachProcessExitHooks());
    }

    private static global::Serilog.Core.Logger Create(FakeProcessEvents events, CollectingSink sink, out FapilogPipeline pipeline)
    {
        var options = new FapilogPipelineOptions { Name = "exit-" + Guid.NewGuid().ToString("N")[..8], ProcessEvents = events };
        return new LoggerConfiguration().WriteTo.Fapilog(wt => wt.Sink(sink), options, out pipeline).CreateLogger();
    }

    /// <summary>Process notifications raised by the test instead of the process.</summary>
    private sealed class FakeProcessEvents : IProcessEvents
    {
        private readonly Dictionary<string, List<Action>> _handlers = new() { ["exit"] = new(), ["unhandled"] = new(), ["sigterm"] = new() };

        public int Installed
        {
            get
            {
                lock (_handlers)
                {
                    int n = 0;
                    foreach (var list in _handlers.Values)
                    {
                        n += list.Count;
                    }

                    return n;
                }
            }
        }

        public IDisposable OnExit(Action handler) => Add("exit", handler);

        public IDisposable OnUnhandledException(Action handler) => Add("unhandled", handler);

        public IDisposable OnSigterm(Action handler) => Add("sigterm", handler);

        public void Raise(string notification)
        {
            Action[] handlers;
            lock (_handlers)
            {
                handlers = _handlers[notification].ToArray();
            }

            foreach (var handler in handlers)
            {
                handler();
            }
        }

        private Remove Add(string notification, Action handler)
        {
            lock (_handlers)
            {
                _handlers[notification].Add(handler);
            }

            return new Remove(this, notification, handler);
        }

        private sealed class Remove(FakeProcessEvents owner, string notification, Action handler) : IDisposable
        {
            public void Dispose()
            {
                lock (owner._handlers)
                {
                    owner._handlers[notification].Remove(handler);
                }
            }
        }
    }
}
