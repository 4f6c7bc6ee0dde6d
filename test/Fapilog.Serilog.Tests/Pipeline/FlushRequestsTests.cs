using System.Threading.Tasks;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>The flush-request protocol on its own: both halves driven from the test thread.</summary>
public class FlushRequestsTests
{
    // Completions run their continuations asynchronously: a bound that only a hang reaches.
    private static readonly System.TimeSpan Bound = System.TimeSpan.FromSeconds(30);

    [Fact]
    public void AQueuedRequest_IsPending_UntilTheWriterTakesItIn()
    {
        var requests = new FlushRequests();
        Assert.False(requests.Pending);
        Assert.False(requests.Requested);

        requests.Queue(target: 5, writerExited: new TaskCompletionSource().Task);

        Assert.True(requests.Pending);
        Assert.True(requests.Requested);
        Assert.False(requests.AnyDue(completed: 4)); // takes it in
        Assert.False(requests.Pending);
        Assert.True(requests.Requested);             // still waiting for its target
    }

    [Fact]
    public void ARequest_CompletesOnlyOnceItsTargetIsReached()
    {
        var requests = new FlushRequests();
        var done = requests.Queue(target: 5, writerExited: new TaskCompletionSource().Task);

        requests.Complete(completed: 4, exiting: false);
        Assert.False(done.IsCompleted);

        Assert.True(requests.AnyDue(completed: 5));
        requests.Complete(completed: 5, exiting: false);
        Assert.True(done.Wait(Bound));
        Assert.False(requests.Requested);
    }

    [Fact]
    public void Requests_CompleteEachAtItsOwnTarget()
    {
        var requests = new FlushRequests();
        var early = requests.Queue(target: 2, writerExited: new TaskCompletionSource().Task);
        var late = requests.Queue(target: 10, writerExited: new TaskCompletionSource().Task);

        Assert.True(requests.TakeIn());
        requests.Complete(completed: 3, exiting: false);

        Assert.True(early.Wait(Bound));
        Assert.False(late.IsCompleted);
        Assert.True(requests.Requested);
    }

    [Fact]
    public void ARequestQueuedAfterTheWriterTookRequestsIn_WaitsForTheNextFlush()
    {
        var requests = new FlushRequests();
        Assert.False(requests.TakeIn()); // the writer looks: nobody waits, so its flush is shallow
        var done = requests.Queue(target: 0, writerExited: new TaskCompletionSource().Task);

        requests.Complete(completed: 10, exiting: false); // after that shallow flush: not this request's
        Assert.True(requests.Requested);

        Assert.False(done.IsCompleted);
        Assert.True(requests.TakeIn()); // the next look sees it and flushes deep
        requests.Complete(completed: 10, exiting: false);
        Assert.True(done.Wait(Bound));
    }

    [Fact]
    public void AWriterThatLeaves_CompletesEveryRequest()
    {
        var requests = new FlushRequests();
        var first = requests.Queue(target: 100, writerExited: new TaskCompletionSource().Task);
        var second = requests.Queue(target: 200, writerExited: new TaskCompletionSource().Task);

        requests.Complete(completed: 0, exiting: true);

        Assert.True(first.Wait(Bound));
        Assert.True(second.Wait(Bound));
    }

    [Fact]
    public void ARequestQueuedAfterTheWriterLeft_CompletesWithItsExit()
    {
        var requests = new FlushRequests();
        var exited = new TaskCompletionSource();
        var done = requests.Queue(target: 1, writerExited: exited.Task);
        Assert.False(done.IsCompleted);

        exited.SetResult(); // nobody will ever take the request in

        Assert.True(done.Wait(Bound));
    }
}
