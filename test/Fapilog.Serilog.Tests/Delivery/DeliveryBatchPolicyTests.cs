using System;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Tests.Delivery;

public sealed class DeliveryBatchPolicyTests
{
    private readonly DeliveryBatchPolicy _policy = new(sizeLimit: 100, bytesLimit: 1000, TimeSpan.FromSeconds(1));

    [Fact]
    public void UntilReady_WithNothingWaiting_IsInfinite()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, _policy.UntilReady(0, 0, TimeSpan.Zero, urgent: false));
        Assert.Equal(Timeout.InfiniteTimeSpan, _policy.UntilReady(0, 0, TimeSpan.Zero, urgent: true));
    }

    [Fact]
    public void UntilReady_WithAPartialBatch_IsWhatIsLeftOfTheOldestEventsWait()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), _policy.UntilReady(5, 50, TimeSpan.Zero, urgent: false));
        Assert.Equal(TimeSpan.FromMilliseconds(300), _policy.UntilReady(5, 50, TimeSpan.FromMilliseconds(700), urgent: false));
        Assert.Equal(TimeSpan.Zero, _policy.UntilReady(5, 50, TimeSpan.FromSeconds(1), urgent: false));
        Assert.Equal(TimeSpan.Zero, _policy.UntilReady(5, 50, TimeSpan.FromHours(1), urgent: false));
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(250, 10)]
    [InlineData(3, 1000)]
    [InlineData(1, 5000)]
    public void UntilReady_WhenAFullBatchWaits_ByCountOrBytes_IsNow(int events, long bytes)
        => Assert.Equal(TimeSpan.Zero, _policy.UntilReady(events, bytes, TimeSpan.Zero, urgent: false));

    [Fact]
    public void UntilReady_WhenUrgent_IsNow()
        => Assert.Equal(TimeSpan.Zero, _policy.UntilReady(1, 10, TimeSpan.Zero, urgent: true));
}
