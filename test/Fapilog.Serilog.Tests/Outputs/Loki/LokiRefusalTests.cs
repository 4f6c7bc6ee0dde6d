using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

/// <summary>What Loki refuses (its 400s and 401) and how the output counts it: permanent for the batch, with Loki's text.</summary>
public sealed class LokiRefusalTests
{
    private static FapilogEvent[] At(int from, int count, Func<int, DateTimeOffset> time) => LokiOutputTests.Events(from, count, time: time);

    [Fact]
    public async Task AnOrderedLoki_RefusesEntriesOlderThanItsStreamsLast_AndTheBatchFailsAsRejected_WithLokisText()
    {
        await using var loki = await LoopbackLoki.StartAsync(ordering: LokiOrdering.Ordered);
        var output = LokiOutputTests.Create(LokiOutputTests.FastOptions(loki.Url));

        output.EmitBatch(At(1, 10, n => LokiOutputTests.TimeOf(100 + n)));
        Assert.True(LokiOutputTests.SpinUntil(() => loki.Requests == 1));
        output.EmitBatch(At(11, 10, n => LokiOutputTests.TimeOf(n)));
        Assert.True(LokiOutputTests.SpinUntil(() => loki.Requests == 2));
        output.EmitBatch(At(21, 10, n => LokiOutputTests.TimeOf(200 + n)));
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 10).Concat(Enumerable.Range(21, 10)), loki.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((20L, 10L, 0L), (stats.Delivered, stats.LossFor(DeliveryLoss.Rejected), stats.Retried));
        Assert.StartsWith("HTTP 400 Bad Request: entry with timestamp 2020-02-03 04:05:17", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("ignored, reason: 'entry out of order'", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("total ignored: 10 out of 10 for stream: {app=\"shop\", level=\"INFO\"}", stats.LastError, StringComparison.Ordinal);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public async Task AnUnorderedLoki_TakesEntriesWithinItsWindow_AndRefusesThoseTooFarBehind()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        var output = LokiOutputTests.Create(LokiOutputTests.FastOptions(loki.Url));
        var newest = LokiOutputTests.TimeOf(0).AddHours(3);

        output.EmitBatch(At(1, 10, n => newest.AddSeconds(n)));
        Assert.True(LokiOutputTests.SpinUntil(() => loki.Requests == 1));
        output.EmitBatch(At(11, 10, n => newest.AddMinutes(-30).AddSeconds(n)));
        Assert.True(LokiOutputTests.SpinUntil(() => loki.Requests == 2));
        output.EmitBatch(At(21, 10, n => newest.AddHours(-2).AddSeconds(n)));
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 20), loki.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((20L, 10L), (stats.Delivered, stats.LossFor(DeliveryLoss.Rejected)));
        Assert.Contains("reason: 'entry too far behind, entry timestamp is: 2020-02-03 05:05:27", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusalOfSomeEntries_FailsTheWholeBatch_ThoughLokiKeptTheOthers_SoNothingIsSentTwice()
    {
        await using var loki = await LoopbackLoki.StartAsync(ordering: LokiOrdering.Ordered);
        var output = LokiOutputTests.Create(LokiOutputTests.FastOptions(loki.Url));

        output.EmitBatch(At(1, 1, _ => LokiOutputTests.TimeOf(50)));
        Assert.True(LokiOutputTests.SpinUntil(() => loki.Requests == 1));

        // Odd events are older than the stream's last entry, even ones newer.
        output.EmitBatch(At(2, 10, n => LokiOutputTests.TimeOf(n % 2 == 1 ? n : 100 + n)));
        output.Dispose();

        Assert.Equal(new[] { 1, 2, 4, 6, 8, 10 }, loki.Numbers);
        Assert.Equal(2, loki.Requests);
        var stats = output.Snapshot();
        Assert.Equal((1L, 10L), (stats.Delivered, stats.LossFor(DeliveryLoss.Rejected)));
        Assert.Contains("total ignored: 5 out of 10", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineLongerThanLokisMaximum_IsRefused_NamingTheSize()
    {
        await using var loki = await LoopbackLoki.StartAsync(maxLineBytes: 600);
        var output = LokiOutputTests.Create(LokiOutputTests.FastOptions(loki.Url));

        output.EmitBatch(LokiOutputTests.Events(1, 3, n => [("Pad", new string('x', n == 2 ? 1000 : 10))]));
        output.Dispose();

        Assert.Equal(new[] { 1, 3 }, loki.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(3, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Contains("Max entry size '600' bytes exceeded for stream '{app=\"shop\", level=\"INFO\"}'", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTenant_GoesInXScopeOrgID_AndAMultiTenantLokiRefusesAPushWithoutOne()
    {
        await using var loki = await LoopbackLoki.StartAsync(multiTenant: true);
        var withTenant = LokiOutputTests.FastOptions(loki.Url);
        withTenant.Tenant = "team-a";
        var tenanted = LokiOutputTests.Create(withTenant);
        tenanted.EmitBatch(LokiOutputTests.Events(1, 10));
        tenanted.Dispose();
        var anonymous = LokiOutputTests.Create(LokiOutputTests.FastOptions(loki.Url));
        anonymous.EmitBatch(LokiOutputTests.Events(11, 10));
        anonymous.Dispose();

        Assert.Equal(Enumerable.Range(1, 10), loki.Numbers);
        Assert.All(loki.Entries, e => Assert.Equal("team-a", e.Tenant));
        Assert.Equal(10, tenanted.Snapshot().Delivered);
        var refused = anonymous.Snapshot();
        Assert.Equal((0L, 10L, 0L), (refused.Delivered, refused.LossFor(DeliveryLoss.Rejected), refused.Retried));
        Assert.Equal("HTTP 401 Unauthorized: no org id", refused.LastError);
    }
}
