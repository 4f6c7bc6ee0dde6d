using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Xunit.Abstractions;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>
/// rsyslogd restarted (SIGTERM, then started again on the same port) while the TCP output is sending a stream of events.
/// </summary>
/// <remarks>
/// What is asserted: every event is received at least once; the first receipts are in the order the events were
/// emitted; the output counts every event delivered and none failed. Duplicates are allowed (delivery over plain TCP
/// is at-least-once: the frames written just before the connection was lost are written again) and reported.
/// </remarks>
public sealed class SyslogRestartTests : IClassFixture<RsyslogPlainFixture>
{
    private readonly RsyslogServer _server;
    private readonly ITestOutputHelper _log;

    public SyslogRestartTests(RsyslogPlainFixture fixture, ITestOutputHelper log)
    {
        _server = fixture.Server;
        _log = log;
    }

    [Fact]
    public void RestartingRsyslogMidStream_TwiceOver_LosesNothing()
    {
        const string App = "restart";
        const int Count = 3000;
        var options = SyslogTesting.Options(_server, App);
        options.Delivery.RetryTimeLimit = TimeSpan.FromMinutes(2);
        options.Delivery.BufferEventLimit = Count;
        using var output = SyslogTesting.Create(options);

        // The producer stays about 200 events ahead of what the server wrote out: events are in the output's buffer, in
        // the sockets and in rsyslog's queue whenever the server goes away, and it cannot finish before the restarts.
        int before = _server.LineCount();
        var producer = Task.Run(() =>
        {
            for (int n = 1; n <= Count; n++)
            {
                output.EmitBatch(Batches.Numbered(n, 1));
                if (n % 20 == 0)
                {
                    // Not an assertion: a service keeps logging when its server falls behind, and the next batch is what
                    // finds a connection the restart closed (the frames lost in it are written again then). A producer
                    // that waited for the server without end would hold back the very batch that replays them.
                    SpinWait.SpinUntil(() => _server.LineCount() - before >= n - 200, TimeSpan.FromSeconds(3));
                }
            }
        });

        foreach (int restartAfter in new[] { 800, 1800 })
        {
            Assert.True(SpinWait.SpinUntil(() => _server.LineCount() - before >= restartAfter, TimeSpan.FromSeconds(60)), $"the stream did not reach {restartAfter}: {_server.LineCount() - before} lines; {output.Snapshot()}; last error {output.Snapshot().LastError}; {_server.DaemonLog()}");
            Assert.False(producer.IsCompleted, "the producer finished before the restart");
            _server.Restart();
        }

        Assert.True(producer.Wait(TimeSpan.FromSeconds(120)), "the producer did not finish");
        output.FlushDeep();

        IReadOnlyList<int> numbers = Array.Empty<int>();
        bool all = SpinWait.SpinUntil(() => (numbers = _server.Messages(App).Select(m => m.Number).ToList()).Distinct().Count() == Count, TimeSpan.FromSeconds(60));
        var missing = Enumerable.Range(1, Count).Except(numbers).ToList();
        Assert.True(all, $"{missing.Count} events never arrived, the first {string.Join(", ", missing.Take(20))}; {output.Snapshot()}");

        var firstSeen = numbers.Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, Count), firstSeen);
        var stats = output.Snapshot();
        Assert.Equal((Count, 0L), (stats.Delivered, stats.Failed));
        _log.WriteLine($"{numbers.Count} messages received for {Count} events: {numbers.Count - Count} duplicates; {stats.Retried} retries");
    }
}
