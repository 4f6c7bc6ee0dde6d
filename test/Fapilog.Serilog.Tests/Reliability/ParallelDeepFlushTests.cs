using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Outputs.Http;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// A deep flush starts every remote output's send before it waits for any: with two slow backends (one behind a routing
/// filter), both have the flush's request while it is still waiting, so the flush lasts as long as the slower bound,
/// not their sum. Before, the second output's batch left only once the first was answered.
/// </summary>
public sealed class ParallelDeepFlushTests : IAsyncLifetime
{
    private LoopbackReceiver _first = null!;
    private LoopbackReceiver _second = null!;

    public async Task InitializeAsync()
    {
        _first = await LoopbackReceiver.StartAsync();
        _second = await LoopbackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public void AnExplicitFlush_StartsEveryRemoteOutput_RoutedOnesIncluded_BeforeWaitingForAny()
    {
        var release = new TaskCompletionSource();
        _first.Faults.Enqueue(new ReceiverFault.Held(release.Task));
        _second.Faults.Enqueue(new ReceiverFault.Held(release.Task));

        // An hour's batch time limit and batches that do not fill: only the deep flush sends these events.
        var first = Options(_first, "first");
        var second = Options(_second, "second");
        using var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt =>
                {
                    wt.FapilogHttp(first);
                    wt.AuditAndSecurityOnly(audit => audit.FapilogHttp(second));
                },
                new FapilogPipelineOptions { Name = "parallel-flush", FlushOnProcessExit = false },
                out var pipeline)
            .CreateLogger();
        logger.Information("Event {N}", 1);
        logger.Audit("Event {N}", 2);

        var flush = Task.Run(() => pipeline.Flush(TimeSpan.FromSeconds(60)));

        // Each output's bound is 60 s: were the waits one after the other, the second request would not come before the first is answered.
        Assert.True(SpinWaitFor(() => _first.Requests == 1 && _second.Requests == 1), "both outputs sent while the flush waited");
        Assert.False(flush.IsCompleted);
        release.SetResult();
        var result = flush.GetAwaiter().GetResult();

        Assert.False(result.TimedOut);
        Assert.Equal(new[] { 1, 2 }, _first.Numbers);
        Assert.Equal(new[] { 2 }, _second.Numbers);
        Assert.All(pipeline.GetOutputStats(), s => Assert.Equal(s.Accepted, s.Delivered));
        Assert.Equal(2, pipeline.GetOutputStats().Count(s => s.Delivered > 0));
    }

    private static FapilogHttpOptions Options(LoopbackReceiver receiver, string name)
    {
        var options = HttpOutputTests.FastOptions(receiver.Url.ToString(), d => { d.BatchTimeLimit = TimeSpan.FromHours(1); d.CloseTimeout = TimeSpan.FromSeconds(60); });
        options.Name = name;
        return options;
    }

    private static bool SpinWaitFor(Func<bool> condition) => System.Threading.SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(30));
}
