using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Http;
using Fapilog.Serilog.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// A remote output through outages: the backend (a real Kestrel receiver on loopback) answers 503 or is unreachable
/// for a while, the process restarts, or is killed; afterwards every event that the spool covers is delivered, in
/// order, with exact figures. Time is a fake clock where the test needs 30 s of it; waits are bounded.
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private LoopbackReceiver _receiver = null!;
    private readonly TempFolder _folder = new();

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _folder.Dispose();
    }

    private FapilogHttpOptions Options(string url, FapilogSpoolMode spool, TimeProvider? time = null)
    {
        var options = new FapilogHttpOptions { Url = url, Format = FapilogFormat.Clef, RequestTimeout = TimeSpan.FromSeconds(20) };
        var d = options.Delivery;
        d.BatchSizeLimit = 50;
        d.Spool = spool;
        d.SpoolDirectory = _folder.File("spool");
        d.CloseTimeout = TimeSpan.FromSeconds(20);
        d.TimeProvider = time ?? TimeProvider.System;
        d.Random = () => 0.5;
        return options;
    }

    private static DeliveryOutput Create(FapilogHttpOptions options) =>
        FapilogHttpOutput.Create(options, LogEventLevel.Verbose, OptionNaming.HttpOptions);

    private static FapilogEvent[] Mixed(int from, int count) =>
        Batches.Of(Enumerable.Range(from, count).Select(n => Some.Numbered(n, n % 5 == 0 ? LogEventLevel.Error : LogEventLevel.Information)).ToArray());

    [Theory]
    [InlineData(FapilogSpoolMode.All)]
    [InlineData(FapilogSpoolMode.Protected)]
    [InlineData(FapilogSpoolMode.Off)]
    public void ThirtySecondsDown_UnderSteadyLogging_ThenBack_EveryEventIsDeliveredInOrder(FapilogSpoolMode spool)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var output = Create(Options(_receiver.Url.ToString(), spool, time));
        _receiver.Always = new ReceiverFault.Status(503);

        // 30 s of steady logging, 20 events every 100 ms, while every request is refused.
        int sent = 0;
        for (int step = 0; step < 300; step++)
        {
            output.EmitBatch(Mixed(sent + 1, 20));
            sent += 20;
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        for (int i = 0; i < 20_000 && _receiver.Requests < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            _receiver.AcceptedOne.Wait(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(0, output.Snapshot().Delivered);
        Assert.True(_receiver.Requests >= 3, "the output kept trying");

        _receiver.Always = null;
        for (int i = 0; i < 20_000 && output.Snapshot().Delivered < sent; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            _receiver.AcceptedOne.Wait(TimeSpan.FromMilliseconds(5));
        }

        output.Dispose();
        var stats = output.Snapshot();
        Assert.Equal(Enumerable.Range(1, sent), _receiver.Numbers);
        Assert.Equal(sent, stats.Accepted);
        Assert.Equal(sent, stats.Delivered);
        Assert.Equal(0, stats.Failed + stats.Dropped + stats.Pending);
        Assert.True(stats.IsConsistent);
        Assert.Equal(spool switch { FapilogSpoolMode.All => sent, FapilogSpoolMode.Protected => sent / 5, _ => 0 }, stats.Spool.Spooled);
    }

    [Fact]
    public void ThePipeline_ShowsEachRemoteOutputsFigures_RoutedOnesIncluded()
    {
        var options = Options(_receiver.Url.ToString(), FapilogSpoolMode.All);
        options.Name = "central";
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogHttp(options), new FapilogPipelineOptions { Name = "outputs-stats" })
            .CreateLogger())
        {
            for (int n = 1; n <= 25; n++)
            {
                logger.Information("Event {N}", n);
            }

            // A flush returns once the events are safe: with every event spooled, that is before they are delivered.
            var pipeline = FapilogPipelines.Get("outputs-stats");
            Assert.False(pipeline.Flush(TimeSpan.FromSeconds(30)).TimedOut);
            Assert.Equal(25, Assert.Single(pipeline.GetOutputStats()).Accepted);
            for (int i = 0; i < 3000 && pipeline.GetOutputStats()[0].Delivered < 25; i++)
            {
                _receiver.AcceptedOne.Wait(TimeSpan.FromMilliseconds(10));
            }

            var stats = Assert.Single(pipeline.GetOutputStats());
            Assert.Equal("central", stats.Output);
            Assert.Equal(25, stats.Accepted);
            Assert.Equal(25, stats.Delivered);
            Assert.Equal(25, stats.Spooled);
            Assert.Equal(0, stats.SpoolEvents);
            Assert.Equal(FapilogBreakerState.Closed, stats.Breaker);
            Assert.Equal(0, stats.Losses["buffer_full"]);
            Assert.Equal(stats.Accepted, stats.Delivered + stats.Failed + stats.Dropped + stats.Pending);
        }

        Assert.Equal(Enumerable.Range(1, 25), _receiver.Numbers);
    }

    [Fact]
    public void ACloseDuringAnOutage_ReturnsWithinItsBound_KeepsTheSpoolsEvents_AndTheNextProcessDeliversThemFirst()
    {
        var options = Options("http://127.0.0.1:9/logs", FapilogSpoolMode.Protected);
        options.Delivery.CloseTimeout = TimeSpan.FromSeconds(1);
        var first = Create(options);
        first.EmitBatch(Mixed(1, 100));
        first.Dispose();

        var left = first.Snapshot();
        Assert.Equal(80, left.LossFor(DeliveryLoss.ShutdownTimeout));
        Assert.Equal(20, left.Spool.Held);
        Assert.Equal(20, left.Pending);
        Assert.True(left.IsConsistent);

        var second = Create(Options(_receiver.Url.ToString(), FapilogSpoolMode.Protected));
        second.EmitBatch(Mixed(101, 10));
        second.Dispose();

        var stats = second.Snapshot();
        Assert.Equal(Enumerable.Range(1, 100).Where(n => n % 5 == 0).Concat(Enumerable.Range(101, 10)), _receiver.Numbers);
        Assert.Equal(20, stats.Spool.Replayed);
        Assert.Equal(30, stats.Delivered);
        Assert.True(stats.IsConsistent);
    }

    [Theory]
    [InlineData(FapilogSpoolMode.All)]
    [InlineData(FapilogSpoolMode.Protected)]
    public async Task KilledDuringAnOutage_AndRestarted_TheSpoolIsReplayed_AndNoSpooledEventIsLost(FapilogSpoolMode spool)
    {
        string folder = _folder.File("spool-" + spool);
        _receiver.Always = new ReceiverFault.Status(503);
        using (var probe = ChildProcess.StartProbe("http-kill", folder, "3000", _receiver.Url.ToString(), "0", spool.ToString()))
        {
            var stderr = probe.StandardError.ReadToEndAsync();
            try
            {
                string? line = await probe.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
                Assert.True(line == "flushed", $"the probe said '{line}': {(probe.HasExited ? await stderr : string.Empty)}");
            }
            finally
            {
                probe.Kill(); // SIGKILL: nothing of the process runs after this
                Assert.True(probe.WaitForExit(60_000), "the killed probe did not exit");
            }
        }

        // The restarted process sends to a receiver of its own: a request of the killed one still being answered (its
        // body read, the fault not yet looked at) would otherwise be accepted there once the outage ends.
        Assert.Empty(_receiver.Accepted);
        await using var restarted = await LoopbackReceiver.StartAsync();
        var (exitCode, errors) = ChildProcess.RunProbe("http-replay", folder, "100", restarted.Url.ToString(), "3000", spool.ToString());
        Assert.True(exitCode == 0, errors);

        var numbers = restarted.Numbers;
        var expected = Enumerable.Range(0, 3000).Where(n => spool == FapilogSpoolMode.All || n % 5 == 0).Concat(Enumerable.Range(3000, 100)).ToList();
        if (spool == FapilogSpoolMode.All)
        {
            Assert.Equal(expected, numbers);
            return;
        }

        // Protected: the ordinary events of the killed process were only in its memory; the new process's are all there.
        Assert.Equal(expected, numbers.Where(n => n % 5 == 0 || n >= 3000));
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);
    }
}
