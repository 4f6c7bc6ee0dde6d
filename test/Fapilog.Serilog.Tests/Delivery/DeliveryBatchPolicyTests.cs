using System;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Tests.Delivery;

public sealed class DeliveryBatchPolicyTests
{
    private static readonly DateTimeOffset Arrived = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DeliveryBatchPolicy _policy = new(sizeLimit: 100, bytesLimit: 1000, TimeSpan.FromSeconds(1));

    [Fact]
    public void UntilReady_WithNothingWaiting_IsInfinite()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, _policy.UntilReady(0, 0, default, Arrived, closing: false));
        Assert.Equal(Timeout.InfiniteTimeSpan, _policy.UntilReady(0, 0, default, Arrived, closing: true));
    }

    [Fact]
    public void UntilReady_WithAPartialBatch_IsWhatIsLeftOfTheOldestEventsWait()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), _policy.UntilReady(5, 50, Arrived, Arrived, closing: false));
        Assert.Equal(TimeSpan.FromMilliseconds(300), _policy.UntilReady(5, 50, Arrived, Arrived.AddMilliseconds(700), closing: false));
        Assert.Equal(TimeSpan.Zero, _policy.UntilReady(5, 50, Arrived, Arrived.AddSeconds(1), closing: false));
        Assert.Equal(TimeSpan.Zero, _policy.UntilReady(5, 50, Arrived, Arrived.AddHours(1), closing: false));
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(250, 10)]
    [InlineData(3, 1000)]
    [InlineData(1, 5000)]
    public void UntilReady_WhenAFullBatchWaits_ByCountOrBytes_IsNow(int events, long bytes)
        => Assert.Equal(TimeSpan.Zero, _policy.UntilReady(events, bytes, Arrived, Arrived, closing: false));

    [Fact]
    public void UntilReady_WhileClosing_IsNow()
        => Assert.Equal(TimeSpan.Zero, _policy.UntilReady(1, 10, Arrived, Arrived, closing: true));
}
