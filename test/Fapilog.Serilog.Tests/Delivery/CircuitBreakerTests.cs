using System;
using Fapilog.Serilog.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace Fapilog.Serilog.Tests.Delivery;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void OnFailure_AtTheThreshold_Opens_AndNoRequestMayGoUntilTheBreakIsOver()
    {
        var breaker = new CircuitBreaker(_time, threshold: 3, TimeSpan.FromSeconds(30));

        Assert.False(breaker.OnFailure());
        Assert.False(breaker.OnFailure());
        Assert.Equal(DeliveryBreakerState.Closed, breaker.State);
        Assert.Equal(TimeSpan.Zero, breaker.UntilAllowed());

        Assert.True(breaker.OnFailure());
        Assert.Equal(DeliveryBreakerState.Open, breaker.State);
        Assert.Equal(TimeSpan.FromSeconds(30), breaker.UntilAllowed());

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(10), breaker.UntilAllowed());
        Assert.Equal(DeliveryBreakerState.Open, breaker.State);
    }

    [Fact]
    public void UntilAllowed_AfterTheBreak_TurnsHalfOpen_AndAFailedProbeReopens()
    {
        var breaker = new CircuitBreaker(_time, threshold: 1, TimeSpan.FromSeconds(30));
        breaker.OnFailure();

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, breaker.UntilAllowed());
        Assert.Equal(DeliveryBreakerState.HalfOpen, breaker.State);

        Assert.True(breaker.OnFailure());
        Assert.Equal(DeliveryBreakerState.Open, breaker.State);
        Assert.Equal(TimeSpan.FromSeconds(30), breaker.UntilAllowed());
    }

    [Fact]
    public void OnSuccess_ClosesFromHalfOpen_AndResetsTheCount()
    {
        var breaker = new CircuitBreaker(_time, threshold: 2, TimeSpan.FromSeconds(5));
        breaker.OnFailure();
        breaker.OnFailure();
        _time.Advance(TimeSpan.FromSeconds(5));
        breaker.UntilAllowed();

        breaker.OnSuccess();

        Assert.Equal(DeliveryBreakerState.Closed, breaker.State);
        Assert.False(breaker.OnFailure());
        Assert.True(breaker.OnFailure());
    }

    [Fact]
    public void OnSuccess_BetweenFailures_KeepsItClosed()
    {
        var breaker = new CircuitBreaker(_time, threshold: 2, TimeSpan.FromSeconds(5));

        for (int i = 0; i < 10; i++)
        {
            Assert.False(breaker.OnFailure());
            breaker.OnSuccess();
        }

        Assert.Equal(DeliveryBreakerState.Closed, breaker.State);
    }

    [Fact]
    public void ThresholdZero_NeverOpens()
    {
        var breaker = new CircuitBreaker(_time, threshold: 0, TimeSpan.FromSeconds(5));

        for (int i = 0; i < 100; i++)
        {
            Assert.False(breaker.OnFailure());
        }

        Assert.Equal(DeliveryBreakerState.Closed, breaker.State);
        Assert.Equal(TimeSpan.Zero, breaker.UntilAllowed());
    }
}
