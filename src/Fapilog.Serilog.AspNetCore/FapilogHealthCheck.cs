using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// The health of one pipeline, from its stats: Unhealthy when it is closed, when its writer is stuck (events queued
/// and none completed for <see cref="FapilogHealthCheckOptions.StuckAfter"/>) or when an output's circuit breaker
/// is open; Degraded when events were dropped or failed since the previous check, or within
/// <see cref="FapilogHealthCheckOptions.DegradedFor"/> of the check that saw them (or a breaker is half-open);
/// Healthy otherwise.
/// </summary>
public sealed class FapilogHealthCheck : IHealthCheck
{
    private readonly Func<FapilogPipeline?> _pipeline;
    private readonly FapilogHealthCheckOptions _options;
    private readonly object _sync = new();
    private long _lastDropped;
    private long _lastFailed;
    private long _lastProgress = -1;
    private long _progressSince;
    private long _lossSeenAt = -1;
    private long _recentDrops;
    private long _recentFailures;

    /// <summary>Checks the pipeline <paramref name="pipeline"/> returns (null: not built yet, reported Unhealthy).</summary>
    /// <param name="pipeline">Finds the pipeline at each check.</param>
    /// <param name="options">The thresholds; the defaults when <see langword="null"/>.</param>
    public FapilogHealthCheck(Func<FapilogPipeline?> pipeline, FapilogHealthCheckOptions? options = null)
    {
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _options = options ?? new FapilogHealthCheckOptions();
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pipeline = _pipeline();
        if (pipeline is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the Fapilog pipeline is not built"));
        }

        return Task.FromResult(Check(pipeline));
    }

    private HealthCheckResult Check(FapilogPipeline pipeline)
    {
        var outputs = pipeline.GetOutputStats();
        FapilogPipelineStats stats;
        long newDrops, newFailures;
        bool stuck;
        lock (_sync)
        {
            // Read under the lock: with several probes at once, a snapshot older than the one a concurrent check
            // already recorded would move the "previous check" back and report the same losses twice.
            stats = pipeline.GetStats();
            long now = _options.TimeProvider.GetTimestamp();
            long progress = stats.Written + stats.Failed + stats.Dropped + stats.Filtered;
            newDrops = stats.Dropped - _lastDropped;
            newFailures = stats.Failed - _lastFailed;
            _lastDropped = stats.Dropped;
            _lastFailed = stats.Failed;
            bool recent = _lossSeenAt >= 0 && _options.TimeProvider.GetElapsedTime(_lossSeenAt, now) < _options.DegradedFor;
            if (newDrops > 0 || newFailures > 0)
            {
                // Within DegradedFor, losses add up and every probe sees them, not only the first one after them.
                _recentDrops = (recent ? _recentDrops : 0) + newDrops;
                _recentFailures = (recent ? _recentFailures : 0) + newFailures;
                _lossSeenAt = now;
                (newDrops, newFailures) = (_recentDrops, _recentFailures);
            }
            else if (recent)
            {
                (newDrops, newFailures) = (_recentDrops, _recentFailures);
            }
            if (progress != _lastProgress || stats.Queued == 0)
            {
                _lastProgress = progress;
                _progressSince = now;
            }

            stuck = stats.Queued > 0 && _options.TimeProvider.GetElapsedTime(_progressSince, now) >= _options.StuckAfter;
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["pipeline"] = stats.Name,
            ["received"] = stats.Received,
            ["written"] = stats.Written,
            ["failed"] = stats.Failed,
            ["dropped"] = stats.Dropped,
            ["queued"] = stats.Queued,
        };

        if (stats.IsClosed)
        {
            return HealthCheckResult.Unhealthy("the Fapilog pipeline is closed", data: data);
        }

        if (stuck)
        {
            return HealthCheckResult.Unhealthy(
                $"the writer is stuck: {stats.Queued} events queued, none completed for {_options.StuckAfter.TotalSeconds:0.#} s", data: data);
        }

        string? halfOpen = null;
        foreach (var output in outputs)
        {
            if (output.Breaker == FapilogBreakerState.Open)
            {
                return HealthCheckResult.Unhealthy($"output '{output.Output}': circuit breaker open ({output.LastError})", data: data);
            }

            if (output.Breaker == FapilogBreakerState.HalfOpen)
            {
                halfOpen ??= output.Output;
            }
        }

        if (newDrops > 0 || newFailures > 0)
        {
            return HealthCheckResult.Degraded(
                $"{newDrops} events dropped and {newFailures} failed recently ({stats.LastError})", data: data);
        }

        return halfOpen is not null
            ? HealthCheckResult.Degraded($"output '{halfOpen}': circuit breaker half-open", data: data)
            : HealthCheckResult.Healthy("writing", data);
    }
}
