using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.File;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>
/// The dispatcher on its own, called on the test's thread as its writer thread, with no pipeline around it: the
/// batch goes to every sink in order, a failure is confined to the sink and the events it names, and flush and
/// disposal reach each sink once whatever the others do. (End to end, through a pipeline, see SinkFaultTests and
/// FailureListenerTests.)
/// </summary>
[Collection(SelfLogCollection.Name)]
public class SinkDispatcherTests
{
    private const string Name = "dispatcher-tests";

    [Fact]
    public void Dispatch_HandsTheBatchToEachSinkInTurn_ABatchSinkInOneCall_APlainSinkOneEmitPerEvent()
    {
        var calls = new List<string>();
        var dispatcher = Dispatcher(new PlainSink("a", calls), new BatchSink("b", calls), new PlainSink("c", calls));
        var failed = new bool[5];

        var error = dispatcher.Dispatch(Batches.Numbered(0, 5), 3, failed);

        Assert.Null(error);
        Assert.Equal(new[] { "a 0", "a 1", "a 2", "b 0..2", "c 0", "c 1", "c 2" }, calls); // only the first `count` events
        Assert.DoesNotContain(true, failed);
    }

    [Fact]
    public void Dispatch_APlainSinkThatThrowsOnOneEvent_FailsThatEventOnly_AndEverySinkStillGetsEveryEvent()
    {
        using var selfLog = new SelfLogCapture();
        var calls = new List<string>();
        var dispatcher = Dispatcher(new PlainSink("a", calls) { FailOn = 1 }, new PlainSink("b", calls));
        var failed = new bool[3];

        var error = dispatcher.Dispatch(Batches.Numbered(0, 3), 3, failed);

        Assert.Equal(new[] { false, true, false }, failed);
        Assert.Equal("a failed on 1", error?.Message);
        Assert.Equal(new[] { "a 0", "a 1", "a 2", "b 0", "b 1", "b 2" }, calls);
        Assert.Equal(
            "Fapilog pipeline 'dispatcher-tests': sink PlainSink failed 1 time (1 events): IOException: a failed on 1; further failures are summarised at most every 10 s",
            Assert.Single(selfLog.MessagesOf(Name)));
    }

    [Fact]
    public void Dispatch_ABatchSinkThatThrows_FailsEveryEventOfTheBatch_AndNothingPastIt()
    {
        using var selfLog = new SelfLogCapture();
        var calls = new List<string>();
        var dispatcher = Dispatcher(new BatchSink("a", calls) { Throw = new IOException("disk full") }, new PlainSink("b", calls));
        var failed = new bool[5];

        var error = dispatcher.Dispatch(Batches.Numbered(0, 5), 3, failed);

        Assert.Equal(new[] { true, true, true, false, false }, failed);
        Assert.Equal("disk full", error?.Message);
        Assert.Equal(new[] { "a 0..2", "b 0", "b 1", "b 2" }, calls);
        Assert.Contains("sink BatchSink failed 1 time (3 events): IOException: disk full", Assert.Single(selfLog.MessagesOf(Name)), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatch_APartialBatchException_FailsOnlyTheNamedEvents_EachOnce_IgnoringPositionsOutsideTheBatch()
    {
        using var selfLog = new SelfLogCapture();
        var calls = new List<string>();
        var inner = new FormatException("bad value");
        var partial = new PartialBatchException(new[] { 3, 1, 3, -1, 5, 7 }, inner); // 5 and 7 lie past `count`
        var dispatcher = Dispatcher(new BatchSink("a", calls) { Throw = partial }, new PlainSink("b", calls));
        var failed = new bool[8];

        var error = dispatcher.Dispatch(Batches.Numbered(0, 8), 5, failed);

        Assert.Equal(new[] { false, true, false, true, false, false, false, false }, failed);
        Assert.Same(inner, error);
        Assert.Equal(new[] { "a 0..4", "b 0", "b 1", "b 2", "b 3", "b 4" }, calls);
        Assert.Contains("sink BatchSink failed 1 time (2 events): FormatException: bad value", Assert.Single(selfLog.MessagesOf(Name)), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatch_APartialBatchExceptionNamingNoEvents_FailsTheWholeBatch()
    {
        using var selfLog = new SelfLogCapture();
        var partial = new PartialBatchException("nothing named");
        var dispatcher = Dispatcher(new BatchSink("a", new List<string>()) { Throw = partial });
        var failed = new bool[3];

        var error = dispatcher.Dispatch(Batches.Numbered(0, 3), 3, failed);

        Assert.Equal(new[] { true, true, true }, failed);
        Assert.Same(partial, error);
        Assert.Contains("(3 events): PartialBatchException: nothing named", Assert.Single(selfLog.MessagesOf(Name)), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatch_MarksWhatAnySinkFailed_AndReturnsTheLastException_EvenWhenALaterSinkSucceeds()
    {
        using var selfLog = new SelfLogCapture();
        var calls = new List<string>();
        var dispatcher = Dispatcher(
            new PlainSink("a", calls) { FailOn = 0 },
            new BatchSink("b", calls) { Throw = new PartialBatchException(new[] { 2 }, new IOException("b lost 2")) },
            new PlainSink("c", calls));
        var failed = new bool[3];

        var error = dispatcher.Dispatch(Batches.Numbered(0, 3), 3, failed);

        Assert.Equal(new[] { true, false, true }, failed);
        Assert.Equal("b lost 2", error?.Message);
        Assert.Equal(new[] { "a 0", "a 1", "a 2", "b 0..2", "c 0", "c 1", "c 2" }, calls);
        Assert.Equal(2, selfLog.MessagesOf(Name).Count); // the first failure of each sink type, at once
    }

    [Fact]
    public void Dispatch_APlainSinkSeesEachEventsSequenceAndMessageId_ThroughTheWriterContext_OnlyDuringItsEmit()
    {
        var seen = new List<FapilogEvent>();
        var batch = Batches.Numbered(0, 3).Select((e, i) => new FapilogEvent(e.LogEvent, 100 + i, e.Level, e.MessageId)).ToArray();

        Dispatcher(new ContextReadingSink(seen)).Dispatch(batch, 3, new bool[3]);

        Assert.Equal(batch.Select(e => (e.Sequence, e.MessageId)), seen.Select(e => (e.Sequence, e.MessageId)));
        var after = WriterContext.Resolve(batch[2].LogEvent);
        Assert.Equal(0, after.Sequence); // outside an Emit the same event only gets a standalone view
        Assert.NotEqual(batch[2].MessageId, after.MessageId);
    }

    [Fact]
    public void Dispatch_ASinkReportingToItsListenerDuringTheCall_FailsWhatItReportsLost_ButNotWhatItWillRetry()
    {
        using var selfLog = new SelfLogCapture();
        var sink = new ListeningSink(n => n switch
        {
            1 => LoggingFailureKind.Temporary,
            2 => LoggingFailureKind.Permanent,
            _ => null,
        });
        var failed = new bool[3];

        var error = Dispatcher(sink).Dispatch(Batches.Numbered(0, 3), 3, failed);

        Assert.Equal(new[] { false, false, true }, failed);
        Assert.Null(error); // nothing was thrown
        var messages = selfLog.MessagesOf(Name);
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("sink ListeningSink (temporary, retried) failed 1 time (0 events): IOException: could not write 1", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("sink ListeningSink failed 1 time (1 events)", StringComparison.Ordinal));
    }

    [Fact]
    public void Flush_ReachesEachBatchSinkOnce_AndSerilogFileBuffersOnlyWhenDeep()
    {
        var calls = new List<string>();
        var dispatcher = Dispatcher(new BatchSink("a", calls), new FileBufferSink("b", calls), new PlainSink("c", calls), new BatchSink("d", calls));

        dispatcher.Flush(deep: false);
        Assert.Equal(new[] { "a flush", "d flush" }, calls);

        calls.Clear();
        dispatcher.Flush(deep: true);
        Assert.Equal(new[] { "a flush", "b flush to disk", "d flush" }, calls);
    }

    [Fact]
    public void Flush_ASinkWhoseFlushThrows_IsReported_AndTheSinksAfterItAreStillFlushed()
    {
        using var selfLog = new SelfLogCapture();
        var calls = new List<string>();
        var dispatcher = Dispatcher(
            new BatchSink("a", calls) { ThrowOnFlush = true }, new BatchSink("b", calls),
            new FileBufferSink("c", calls) { ThrowOnFlush = true }, new FileBufferSink("d", calls));

        dispatcher.Flush(deep: true);

        Assert.Equal(new[] { "a flush", "b flush", "c flush to disk", "d flush to disk" }, calls);
        var messages = selfLog.MessagesOf(Name);
        Assert.Equal(2, messages.Count);
        Assert.Contains("sink BatchSink failed 1 time (0 events): IOException: a could not flush", messages[0], StringComparison.Ordinal);
        Assert.Contains("sink FileBufferSink failed 1 time (0 events): IOException: c could not flush", messages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void DisposeAll_DisposesEverySinkOnce_WhicheverDisposalItHas_AndAFailingOneDoesNotStopTheNext()
    {
        using var selfLog = new SelfLogCapture();
        var sync = new DisposalCountingSink();
        var asyncOnly = new AsyncDisposalCountingSink();
        var both = new BothDisposalsSink();
        var last = new DisposalCountingSink();
        var dispatcher = Dispatcher(sync, new ThrowingSink(throwOnDispose: true), asyncOnly, new ThrowingAsyncDisposableSink(), both, last);

        dispatcher.DisposeAll(TimeSpan.FromMinutes(1));

        Assert.Equal(1, sync.Disposals);
        Assert.Equal(1, asyncOnly.AsyncDisposals); // Serilog's own sync disposal would skip this one
        Assert.Equal((1, 0), (both.Disposals, both.AsyncDisposals)); // with both, Dispose wins, as in Serilog
        Assert.Equal(1, last.Disposals);
        var messages = selfLog.MessagesOf(Name);
        Assert.Equal(2, messages.Count);
        Assert.Contains("sink ThrowingSink threw on dispose: InvalidOperationException: dispose failure", messages[0], StringComparison.Ordinal);
        Assert.Contains("sink ThrowingAsyncDisposableSink threw on dispose", messages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void DisposeAll_ADisposeAsyncThatNeverCompletes_IsLeftAtTheBound_AndTheNextSinkIsStillDisposed()
    {
        using var selfLog = new SelfLogCapture();
        var hanging = new NeverDisposedSink();
        var next = new DisposalCountingSink();
        try
        {
            Dispatcher(hanging, next).DisposeAll(TimeSpan.FromMilliseconds(20));

            Assert.Equal(1, hanging.AsyncDisposals);
            Assert.Equal(1, next.Disposals);
            Assert.Contains("sink NeverDisposedSink did not finish DisposeAsync within 20 ms", Assert.Single(selfLog.MessagesOf(Name)), StringComparison.Ordinal);
        }
        finally
        {
            hanging.Complete();
        }
    }

    /// <summary>A dispatcher whose writer is the calling thread, as in a pipeline; no failure listener behind it.</summary>
    private static SinkDispatcher Dispatcher(params ILogEventSink[] sinks) => new(
        sinks,
        new SelfLogReporter(Name, new PipelineCounters(), new ManualTimeProvider(Some.Timestamp), TimeSpan.FromSeconds(10)),
        Thread.CurrentThread,
        new BatchedSinkSettings(BatchedSinkSettings.DefaultRetryDelays, TimeSpan.FromSeconds(5)),
        failures: null);

    /// <summary>Records <c>name n</c> for each event; throws after recording event <see cref="FailOn"/>.</summary>
    private sealed class PlainSink(string name, List<string> calls) : ILogEventSink
    {
        public int FailOn { get; init; } = -1;

        public void Emit(LogEvent logEvent)
        {
            int n = Some.NumberOf(logEvent);
            calls.Add($"{name} {n}");
            if (n == FailOn)
            {
                throw new IOException($"{name} failed on {n}");
            }
        }
    }

    /// <summary>Records <c>name first..last</c> per batch and <c>name flush</c>; a plain Emit would show as <c>name emit n</c>.</summary>
    private sealed class BatchSink(string name, List<string> calls) : IFapilogBatchSink, ILogEventSink
    {
        public Exception? Throw { get; init; }

        public bool ThrowOnFlush { get; init; }

        public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
        {
            calls.Add($"{name} {Some.NumberOf(batch[0].LogEvent)}..{Some.NumberOf(batch[^1].LogEvent)}");
            if (Throw is not null)
            {
                throw Throw;
            }
        }

        public void Flush()
        {
            calls.Add($"{name} flush");
            if (ThrowOnFlush)
            {
                throw new IOException($"{name} could not flush");
            }
        }

        public void Emit(LogEvent logEvent) => calls.Add($"{name} emit {Some.NumberOf(logEvent)}");
    }

    /// <summary>A plain sink with Serilog.Sinks.File's buffered-writer interface, as its <c>buffered: true</c> sink has.</summary>
    private sealed class FileBufferSink(string name, List<string> calls) : ILogEventSink, IFlushableFileSink
    {
        public bool ThrowOnFlush { get; init; }

        public void Emit(LogEvent logEvent)
        {
        }

        public void FlushToDisk()
        {
            calls.Add($"{name} flush to disk");
            if (ThrowOnFlush)
            {
                throw new IOException($"{name} could not flush");
            }
        }
    }

    private sealed class ContextReadingSink(List<FapilogEvent> seen) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => seen.Add(WriterContext.Resolve(logEvent));
    }

    /// <summary>Reports the events <c>kindFor</c> picks to its failure listener, from inside Emit, instead of throwing.</summary>
    private sealed class ListeningSink(Func<int, LoggingFailureKind?> kindFor) : ILogEventSink, ISetLoggingFailureListener
    {
        private ILoggingFailureListener? _listener;

        public void SetFailureListener(ILoggingFailureListener failureListener) => _listener = failureListener;

        public void Emit(LogEvent logEvent)
        {
            int n = Some.NumberOf(logEvent);
            if (kindFor(n) is { } kind)
            {
                _listener!.OnLoggingFailed(this, kind, $"could not write {n}", new[] { logEvent }, new IOException($"could not write {n}"));
            }
        }
    }

    private sealed class DisposalCountingSink : ILogEventSink, IDisposable
    {
        public int Disposals { get; private set; }

        public void Emit(LogEvent logEvent)
        {
        }

        public void Dispose() => Disposals++;
    }

    private sealed class AsyncDisposalCountingSink : ILogEventSink, IAsyncDisposable
    {
        public int AsyncDisposals { get; private set; }

        public void Emit(LogEvent logEvent)
        {
        }

        public ValueTask DisposeAsync()
        {
            AsyncDisposals++;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class BothDisposalsSink : ILogEventSink, IDisposable, IAsyncDisposable
    {
        public int Disposals { get; private set; }

        public int AsyncDisposals { get; private set; }

        public void Emit(LogEvent logEvent)
        {
        }

        public void Dispose() => Disposals++;

        public ValueTask DisposeAsync()
        {
            AsyncDisposals++;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Only <see cref="IAsyncDisposable"/>, and its disposal completes only when the test says so.</summary>
    private sealed class NeverDisposedSink : ILogEventSink, IAsyncDisposable
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int AsyncDisposals { get; private set; }

        public void Emit(LogEvent logEvent)
        {
        }

        public ValueTask DisposeAsync()
        {
            AsyncDisposals++;
            return new ValueTask(_done.Task);
        }

        public void Complete() => _done.TrySetResult();
    }
}
