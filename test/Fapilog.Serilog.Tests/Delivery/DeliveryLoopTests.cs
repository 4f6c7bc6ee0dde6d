using System;
using System.Linq;
using Fapilog.Serilog.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace Fapilog.Serilog.Tests.Delivery;

/// <summary>
/// The delivery thread on a fake clock: the test moves time forward step by step until the outcome it expects, so the
/// outcome is deterministic (the number of steps is not). Each wait for the thread is bounded and only runs out on a hang.
/// </summary>
public sealed class DeliveryLoopTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    private FapilogDeliveryOptions Options(Action<FapilogDeliveryOptions>? change = null)
    {
        var options = new FapilogDeliveryOptions
        {
            TimeProvider = _time,
            Random = () => 1.0,
            BatchTimeLimit = TimeSpan.FromSeconds(1),
            MinRetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(4),
            CloseTimeout = TimeSpan.FromSeconds(5),
        };
        change?.Invoke(options);
        return options;
    }

    private void AdvanceUntil(ScriptedTransport transport, Func<bool> done, TimeSpan step)
    {
        for (int i = 0; i < 5_000 && !done(); i++)
        {
            _time.Advance(step);
            transport.Sent.Wait(TimeSpan.FromMilliseconds(2));
        }

        Assert.True(done(), "the delivery thread did not get there");
    }

    private void OfferNumbers(DeliveryBuffer buffer, DeliveryLoop loop, int from, int count, bool isProtected = false)
    {
        for (int n = from; n < from + count; n++)
        {
            buffer.Offer(new[] { (byte)n, (byte)'\n' }, isProtected, _time.GetTimestamp());
        }

        loop.Wake();
    }

    [Fact]
    public void AFullBatch_IsSentAtOnce_WithoutWaitingForTheTimer()
    {
        var options = Options(o => { o.BatchSizeLimit = 10; o.BatchTimeLimit = TimeSpan.FromDays(1); });
        var transport = new ScriptedTransport(_time);
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 25);

        Assert.True(transport.Sent.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(transport.Sent.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(0L, loop.Close());
        var requests = transport.Requests.ToArray();
        Assert.Equal(Enumerable.Range(1, 10), requests[0].Events);
        Assert.Equal(Enumerable.Range(11, 10), requests[1].Events);
        Assert.All(requests.Take(2), r => Assert.Equal(Start, r.At));
        Assert.Equal(Enumerable.Range(1, 25), requests.SelectMany(r => r.Events));
        Assert.Equal(25, buffer.Snapshot("test", loop.Breaker).Delivered);
    }

    [Fact]
    public void APerItemAnswer_SettlesTheDeliveredAndRejected_AndRetriesOnlyTheMarkedOnes_InOrder()
    {
        var options = Options(o => o.BatchSizeLimit = 6);
        bool first = true;
        var transport = new ScriptedTransport(_time)
        {
            Answer = batch =>
            {
                if (!first)
                {
                    return null;
                }

                first = false;
                batch.Retry(1);
                batch.Retry(3);
                batch.Reject(4);
                return DeliveryOutcome.PerItem("item 5: mapper_parsing_exception", retryAfter: "1");
            },
        };
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 6);
        AdvanceUntil(transport, () => buffer.Snapshot("test", loop.Breaker).Pending == 0, TimeSpan.FromMilliseconds(250));

        var requests = transport.Requests.ToArray();
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, requests[0].Events);
        Assert.Equal(new[] { 2, 4 }, requests[1].Events);
        Assert.True(requests[1].At >= requests[0].At + TimeSpan.FromSeconds(1), "the retry waits for Retry-After");
        var stats = buffer.Snapshot("test", loop.Breaker);
        Assert.Equal(5, stats.Delivered);
        Assert.Equal(1, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Equal(1, stats.Retried);
        Assert.Equal(DeliveryBreakerState.Closed, stats.Breaker);
        Assert.True(stats.IsConsistent);
        Assert.Equal(0L, loop.Close());
    }

    [Fact]
    public void APartialBatch_IsSent_OnceItsOldestEventHasWaitedTheTimeLimit()
    {
        var options = Options();
        var transport = new ScriptedTransport(_time);
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 3);
        AdvanceUntil(transport, () => !transport.Requests.IsEmpty, TimeSpan.FromMilliseconds(100));

        var (events, at) = transport.Requests.Single();
        Assert.Equal(new[] { 1, 2, 3 }, events);
        Assert.True(at >= Start + options.BatchTimeLimit);
        loop.Close();
    }

    [Fact]
    public void TransientFailures_WithTheBreakerOff_AreRetriedUntilTheRetryTimeLimit_ThenFailAndCount()
    {
        var options = Options(o => { o.BreakerFailureThreshold = 0; o.RetryTimeLimit = TimeSpan.FromSeconds(10); });
        var transport = new ScriptedTransport(_time) { Always = DeliveryOutcome.Transient("HTTP 503") };
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 3);
        AdvanceUntil(transport, () => buffer.Snapshot("test", loop.Breaker).Failed == 3, TimeSpan.FromMilliseconds(250));

        var stats = buffer.Snapshot("test", loop.Breaker);
        Assert.Equal(3, stats.LossFor(DeliveryLoss.RetryTimeExceeded));
        Assert.Equal(stats.Requests - 1, stats.Retried);
        Assert.InRange(stats.Requests, 4, 12);
        Assert.Equal("HTTP 503", stats.LastError);
        Assert.True(stats.IsConsistent);
        Assert.Equal(0L, loop.Close());
    }

    [Fact]
    public void AnOpenBreaker_HoldsTheBatch_PastTheRetryTimeLimit_AndDeliversItInOrderWhenTheBackendAnswers()
    {
        var options = Options(o =>
        {
            o.BreakerFailureThreshold = 2;
            o.BreakDuration = TimeSpan.FromMinutes(1);
            o.RetryTimeLimit = TimeSpan.FromSeconds(5);
            o.BatchSizeLimit = 2;
        });
        var failures = Enumerable.Repeat(DeliveryOutcome.Transient("connection refused"), 6).ToArray();
        var transport = new ScriptedTransport(_time, failures);
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 5, isProtected: true);
        AdvanceUntil(transport, () => loop.Breaker == DeliveryBreakerState.Open, TimeSpan.FromMilliseconds(500));
        AdvanceUntil(transport, () => buffer.Snapshot("test", loop.Breaker).Delivered == 5, TimeSpan.FromSeconds(5));

        var stats = buffer.Snapshot("test", loop.Breaker);
        Assert.Equal(0, stats.Failed);
        Assert.Equal(DeliveryBreakerState.Closed, stats.Breaker);
        Assert.True(_time.GetUtcNow() - Start > TimeSpan.FromMinutes(2), "the outage outlasted the retry time limit");
        Assert.Equal(Enumerable.Range(1, 5), transport.Requests.Where((_, i) => i >= 6).SelectMany(r => r.Events));
        Assert.All(transport.Requests.Take(7), r => Assert.Equal(new[] { 1, 2 }, r.Events));
        Assert.Equal(0L, loop.Close());
    }

    [Fact]
    public void ARetryAfter_IsHonoured_EvenWithNoJitteredWait()
    {
        // Zero jitter: without the backend's Retry-After the retry would go at once.
        var options = Options(o => o.Random = () => 0.0);
        var transport = new ScriptedTransport(_time, DeliveryOutcome.Transient("HTTP 429 Too Many Requests", retryAfter: "3"));
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 3);
        AdvanceUntil(transport, () => buffer.Snapshot("test", loop.Breaker).Delivered == 3, TimeSpan.FromMilliseconds(100));

        var requests = transport.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(3), "the retry waited the backend's 3 s");
        Assert.Equal(0L, loop.Close());
    }

    [Fact]
    public void Close_WithTheBreakerOpen_BypassesIt_AndDeliversWhatIsHeld()
    {
        // An hour's break that the fake clock never reaches: only the close's bypass can send the batch.
        var options = Options(o => { o.BreakerFailureThreshold = 1; o.BreakDuration = TimeSpan.FromHours(1); });
        var transport = new ScriptedTransport(_time, DeliveryOutcome.Transient("HTTP 503"));
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 4);
        AdvanceUntil(transport, () => loop.Breaker == DeliveryBreakerState.Open, TimeSpan.FromMilliseconds(250));
        AdvanceUntil(transport, () => !transport.Requests.IsEmpty && _time.GetUtcNow() - transport.Requests.Last().At >= options.MaxRetryDelay, TimeSpan.FromMilliseconds(250));

        Assert.Equal(0L, loop.Close());
        var stats = buffer.Snapshot("test", loop.Breaker);
        Assert.Equal(4, stats.Delivered);
        Assert.Equal(2, stats.Requests);
        Assert.Equal(Enumerable.Range(1, 4), transport.Requests.Last().Events);
    }

    [Fact]
    public void ADeepFlush_WithTheBreakerOpen_OrAfterTheCloseBegan_DoesNotHoldTheCaller()
    {
        // A flush that waited for the open breaker, or for a close in progress, would hold the caller the whole
        // close bound; these return false (not settled) at once.
        var options = Options(o => { o.BreakerFailureThreshold = 1; o.BreakDuration = TimeSpan.FromHours(1); });
        var transport = new ScriptedTransport(_time, DeliveryOutcome.Transient("HTTP 503"));
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 4);
        AdvanceUntil(transport, () => loop.Breaker == DeliveryBreakerState.Open, TimeSpan.FromMilliseconds(250));

        Assert.False(loop.FlushDeep()); // nothing can move while the breaker is open: returns at once, not settled
        Assert.Equal(0, buffer.Snapshot("test", loop.Breaker).Delivered);
        AdvanceUntil(transport, () => !transport.Requests.IsEmpty && _time.GetUtcNow() - transport.Requests.Last().At >= options.MaxRetryDelay, TimeSpan.FromMilliseconds(250));
        loop.BeginClose();
        Assert.False(loop.FlushDeep()); // the close sends everything itself
        Assert.Equal(0L, loop.Close());
        Assert.Equal(4, buffer.Snapshot("test", loop.Breaker).Delivered);
    }

    [Fact]
    public void APermanentFailure_FailsOnlyThatBatch_AndTheNextOneIsDelivered()
    {
        var options = Options(o => o.BatchSizeLimit = 2);
        var transport = new ScriptedTransport(_time, DeliveryOutcome.Permanent("HTTP 400 Bad Request"));
        var buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit);
        using var loop = new DeliveryLoop("test", buffer, transport, options);
        loop.Start();

        OfferNumbers(buffer, loop, 1, 4);
        Assert.True(transport.Sent.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(transport.Sent.Wait(TimeSpan.FromSeconds(30)));
        loop.Close();

        var stats = buffer.Snapshot("test", loop.Breaker);
        Assert.Equal(2, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Equal(2, stats.Delivered);
        Assert.Equal(0, stats.Retried);
        Assert.True(stats.IsConsistent);
    }
}
