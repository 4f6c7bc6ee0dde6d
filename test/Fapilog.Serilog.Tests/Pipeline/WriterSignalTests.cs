using System.Threading;
using System.Threading.Tasks;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>The writer's park and the producers' wake, driven from test threads (no sleeps: every wait is on a signal).</summary>
public class WriterSignalTests
{
    [Fact]
    public void AParkingWriter_ThatFindsWork_DoesNotSleep()
    {
        var signal = new WriterSignal(new BoundedEventQueue(16), ordinaryLimit: 16);

        signal.Park(new Work(true), Timeout.Infinite); // would hang the test if it slept

        Assert.False(signal.IsParked);
    }

    [Fact]
    public void AParkedWriter_IsWokenByTheFirstClaimAfterIt()
    {
        var queue = new BoundedEventQueue(16);
        var signal = new WriterSignal(queue, ordinaryLimit: 16);
        var parked = Task.Factory.StartNew(() => signal.Park(new Work(false), Timeout.Infinite), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => signal.IsParked || parked.IsCompleted, System.TimeSpan.FromSeconds(30)));

        Assert.Equal(EnqueueResult.Enqueued, queue.TryEnqueue(SomeEvent(), 16));
        signal.AfterClaim();

        Assert.True(parked.Wait(System.TimeSpan.FromSeconds(30)), "the parked writer was not woken");
        Assert.False(signal.IsParked);
    }

    [Fact]
    public void Wake_OfAWriterThatRuns_IsFree_AndLeavesItRunning()
    {
        var signal = new WriterSignal(new BoundedEventQueue(16), ordinaryLimit: 16);

        signal.Wake();
        signal.AfterClaim();

        Assert.False(signal.IsParked);
    }

    private static LogEvent SomeEvent() =>
        new(System.DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"), System.Array.Empty<LogEventProperty>());

    private readonly struct Work(bool pending) : IWriterWork
    {
        public bool Pending() => pending;
    }
}
