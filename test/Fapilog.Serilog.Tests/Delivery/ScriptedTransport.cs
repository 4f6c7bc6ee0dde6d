using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
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

    public DeliveryOutcome Send(IReadOnlyList<DeliveryItem> batch, CancellationToken cancel)
    {
        Requests.Enqueue((batch.Select(i => (int)i.Bytes![0]).ToArray(), _time.GetUtcNow()));
        var outcome = Always ?? (_script.TryDequeue(out var next) ? next : DeliveryOutcome.Delivered);
        Sent.Release();
        return outcome;
    }

    public void Dispose() => Sent.Dispose();
}
