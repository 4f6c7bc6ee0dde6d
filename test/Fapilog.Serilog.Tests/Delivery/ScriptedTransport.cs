using System;
using System.Collections.Concurrent;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Tests.Delivery;

/// <summary>A transport that answers from a script (delivered once the script runs out) and records what it was sent.</summary>
internal sealed class ScriptedTransport : IDeliveryTransport
{
    private readonly ConcurrentQueue<DeliveryOutcome> _script = new();
    private readonly TimeProvider _time;

    public ScriptedTransport(TimeProvider time, params DeliveryOutcome[] script)
    {
        _time = time;
        foreach (var outcome in script)
        {
            _script.Enqueue(outcome);
        }
    }

    /// <summary>Every request: the first byte of each event, and the clock when it was sent.</summary>
    public ConcurrentQueue<(int[] Events, DateTimeOffset At)> Requests { get; } = new();

    /// <summary>Released once per request.</summary>
    public SemaphoreSlim Sent { get; } = new(0);

    public DeliveryOutcome? Always { get; set; }

    /// <summary>When set, answers before the script: it may mark the batch's events and return a per-item outcome, or null to go on to the script.</summary>
    public Func<DeliveryBatch, DeliveryOutcome?>? Answer { get; set; }

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        var firsts = new int[batch.Count];
        for (int i = 0; i < firsts.Length; i++)
        {
            firsts[i] = batch[i][0];
        }

        Requests.Enqueue((firsts, _time.GetUtcNow()));
        var outcome = Answer?.Invoke(batch) ?? Always ?? (_script.TryDequeue(out var next) ? next : DeliveryOutcome.Delivered);
        Sent.Release();
        return outcome;
    }

    public void Dispose() => Sent.Dispose();
}
