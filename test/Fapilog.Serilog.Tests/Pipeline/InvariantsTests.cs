namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>The Debug-build checks catch a broken invariant (the suite runs in Debug).</summary>
public class InvariantsTests
{
#if DEBUG
    [Fact]
    public void CountersThatDoNotAddUp_AreCaught()
    {
        var counters = new PipelineCounters();
        lock (counters.CompletionLock)
        {
            counters.Completed = 2;
            counters.Written = 1; // one completed position counted neither written nor failed

            var broken = Assert.Throws<InvariantViolationException>(() => counters.AssertConsistent(claimed: 2));
            Assert.Contains("written + failed + filtered == completed", broken.Message, System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CountersCheckedWithoutTheirLock_AreCaught()
    {
        var counters = new PipelineCounters();

        Assert.Throws<InvariantViolationException>(() => counters.AssertConsistent(claimed: 0));
    }

    [Fact]
    public void MoreCompletedThanClaimed_IsCaught()
    {
        var counters = new PipelineCounters();
        lock (counters.CompletionLock)
        {
            counters.Completed = 3;
            counters.Written = 3;

            Assert.Throws<InvariantViolationException>(() => counters.AssertConsistent(claimed: 2));
        }
    }

    [Fact]
    public void WriterOnlyState_UsedFromASecondThread_IsCaught()
    {
        var requests = new FlushRequests();
        requests.Complete(completed: 0, exiting: false); // this thread becomes the owner

        var other = System.Threading.Tasks.Task.Factory.StartNew(
            () => Assert.Throws<InvariantViolationException>(() => requests.Complete(completed: 0, exiting: false)),
            System.Threading.Tasks.TaskCreationOptions.LongRunning);

        var broken = other.GetAwaiter().GetResult();
        Assert.Contains("used by its owner thread only", broken.Message, System.StringComparison.Ordinal);
        requests.Complete(completed: 0, exiting: false); // the owner still may
    }

    [Fact]
    public void AbandoningTheCountersWithoutTheirLock_IsCaught()
    {
        var counters = new PipelineCounters();

        Assert.Throws<InvariantViolationException>(counters.MarkAbandoned);
        Assert.False(counters.IsAbandoned);
    }

    [Fact]
    public void ConsistentCounters_PassTheCheck()
    {
        var counters = new PipelineCounters();
        lock (counters.CompletionLock)
        {
            counters.Completed = 3;
            counters.Written = 2;
            counters.Failed = 1;

            counters.AssertConsistent(claimed: 5);
        }
    }
#endif
}
