using System;

namespace Fapilog.Serilog.Delivery;

/// <summary>The delivery thread's retry bookkeeping: when a batch's retry time starts, backing off, and settling a batch.</summary>
internal sealed partial class DeliveryLoop
{
    private void StartRetryClockOnLoop(long now)
    {
        if (_attempts == 1)
        {
            _firstAttemptAt = now;
            _heldByBreaker = TimeSpan.Zero;
        }
    }

    /// <summary>Backs off before the next try, or fails the batch once its retry time (breaker time excluded) is spent.</summary>
    private void RetryLaterOnLoop(DeliveryOutcome outcome, long now)
    {
        StartRetryClockOnLoop(now);
        if (_time.GetElapsedTime(_firstAttemptAt, now) - _heldByBreaker >= _options.RetryTimeLimit)
        {
            FinishOnLoop(DeliveryLoss.RetryTimeExceeded, outcome.Error);
            return;
        }

        BackOffOnLoop(outcome, now);
    }

    private void BackOffOnLoop(DeliveryOutcome outcome, long now)
    {
        _batch.ClearVerdicts();
        _backoffFrom = now;
        _backoff = _retry.Delay(_attempts, RetryBackoff.ParseRetryAfter(outcome.RetryAfter, _time.GetUtcNow()));
    }

    private void FinishOnLoop(DeliveryLoss? loss, string? error)
    {
        _buffer.Complete(_batch, loss, error);
        if (loss is { } lost)
        {
            _reports.BatchLost(_batch.Count, lost, error);
        }

        _batch.Clear();
        _attempts = 0;
        _backoff = TimeSpan.Zero;
    }
}
