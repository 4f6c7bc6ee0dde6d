using System;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Http;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Http;

/// <summary>What a remote output tells the outside: SelfLog lines and metrics, and what its buffer keeps when full.</summary>
[Collection(SelfLogCollection.Name)]
public sealed class HttpOutputReportingTests : IAsyncLifetime
{
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static DeliveryOutput Create(FapilogHttpOptions options) =>
        FapilogHttpOutput.Create(options, LogEventLevel.Verbose, OptionNaming.HttpOptions);

    [Fact]
    public void Close_WithADeadBackend_ReportsWhatItFailed_InOneLineNamingTheOutput()
    {
        using var selfLog = new SelfLogCapture();
        var options = HttpOutputTests.FastOptions(HttpOutputTests.DeadUrl(), d => d.CloseTimeout = TimeSpan.FromMilliseconds(200));
        options.Name = "dead-backend";
        var output = Create(options);

        output.EmitBatch(Batches.Numbered(1, 40));
        output.Dispose();

        var lines = selfLog.Lines.Where(l => l.Contains("Fapilog output 'dead-backend': closed with", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("closed with 40 events undelivered within the close timeout (shutdown_timeout)", line, StringComparison.Ordinal);
        Assert.Contains("accepted 40, delivered 0, failed 40, dropped 0, pending 0", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePipelinesClose_WithAHungBackend_HasEveryRemoteOutputReportWhatItLost_BeforeDisposeReturns()
    {
        _receiver.Always = new ReceiverFault.Hang();
        using var selfLog = new SelfLogCapture();
        FapilogHttpOptions Hung(string name)
        {
            var options = HttpOutputTests.FastOptions(_receiver.Url.ToString(), d => d.CloseTimeout = TimeSpan.FromMilliseconds(300));
            options.RequestTimeout = TimeSpan.FromMinutes(10);
            options.Name = name;
            return options;
        }

        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt =>
                {
                    wt.FapilogHttp(Hung("hung-a"));
                    wt.FapilogHttp(Hung("hung-b"));
                },
                new FapilogPipelineOptions { Name = "http-two-hung", FlushOnProcessExit = false })
            .CreateLogger();
        for (int n = 1; n <= 5; n++)
        {
            logger.Information("Event {N}", n);
        }

        logger.Dispose();

        foreach (string name in new[] { "hung-a", "hung-b" })
        {
            Assert.Single(selfLog.Lines, l => l.Contains($"Fapilog output '{name}': closed with 5 events undelivered", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AFullBuffer_KeepsTheBatchInFlightAndProtectedEvents_DisplacingTheOldestWaitingOrdinaryOnes()
    {
        // The backend holds the first request, so the buffer fills behind the batch in flight (1-5).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Faults.Enqueue(new ReceiverFault.Held(release.Task));
        var options = HttpOutputTests.FastOptions(_receiver.Url.ToString(), d =>
        {
            d.BatchSizeLimit = 5;
            d.BufferEventLimit = 20;
        });
        options.RequestTimeout = TimeSpan.FromMinutes(10);
        var output = Create(options);

        output.EmitBatch(Batches.Numbered(1, 20));
        Assert.True(System.Threading.SpinWait.SpinUntil(() => _receiver.Requests == 1, TimeSpan.FromSeconds(30)));
        output.EmitBatch(Batches.Of(Enumerable.Range(21, 10).Select(n => Some.Numbered(n, LogEventLevel.Error)).ToArray()));
        output.EmitBatch(Batches.Numbered(31, 10));
        var beforeRelease = output.Snapshot();
        release.SetResult();
        output.Dispose();

        // 6-15 made room for the ten errors; 31-40, ordinary, found the buffer full and were dropped.
        Assert.Equal(40, beforeRelease.Accepted);
        Assert.Equal(20, beforeRelease.Pending);
        Assert.Equal(20, beforeRelease.LossFor(DeliveryLoss.BufferFull));
        var arrived = _receiver.Accepted.SelectMany(r => r.Events()).ToList();
        Assert.Equal(Enumerable.Range(1, 5).Concat(Enumerable.Range(16, 15)), arrived.Select(e => e.GetProperty("N").GetInt32()));
        Assert.Equal(
            Enumerable.Repeat("Information", 10).Concat(Enumerable.Repeat("Error", 10)),
            arrived.Select(e => e.TryGetProperty("@l", out var level) ? level.GetString() : "Information"));
        var after = output.Snapshot();
        Assert.Equal(20, after.Delivered);
        Assert.Equal(0, after.Pending + after.Failed);
        Assert.True(after.IsConsistent);
    }

    [Fact]
    public void Metrics_PublishTheOutputsFigures_UnderTheFapilogMeter_TaggedWithTheOutput()
    {
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Fapilog.Serilog" && instrument.Name.StartsWith("fapilog.output.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string output = string.Empty, reason = string.Empty;
            foreach (var tag in tags)
            {
                output = tag.Key == "output" ? (string)tag.Value! : output;
                reason = tag.Key == "reason" ? "/" + (string)tag.Value! : reason;
            }

            if (output == "metered")
            {
                seen[instrument.Name + reason] = value;
            }
        });
        listener.Start();

        _receiver.Faults.Enqueue(new ReceiverFault.Status(503));
        var options = HttpOutputTests.FastOptions(_receiver.Url.ToString());
        options.Name = "metered";
        var output = Create(options);
        output.EmitBatch(Batches.Numbered(1, 10));
        Assert.True(_receiver.AcceptedOne.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(System.Threading.SpinWait.SpinUntil(() => output.Snapshot().Delivered == 10, TimeSpan.FromSeconds(30)));
        listener.RecordObservableInstruments();
        output.Dispose();

        Assert.Equal(10, seen["fapilog.output.events.accepted"]);
        Assert.Equal(10, seen["fapilog.output.events.delivered"]);
        Assert.Equal(0, seen["fapilog.output.events.lost/buffer_full"]);
        Assert.Equal(0, seen["fapilog.output.pending"]);
        Assert.Equal(0, seen["fapilog.output.breaker.state"]);
        Assert.InRange(seen["fapilog.output.requests.retried"], 1, 2);
    }
}
