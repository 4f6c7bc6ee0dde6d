using System;
using System.Diagnostics;
using System.Globalization;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// One producer's side of the realistic workload: every <see cref="RealisticEvent.EventsPerRequest"/> events a
/// new "request" starts (a started <see cref="Activity"/> with a remote W3C parent, so every event carries its
/// trace and span ids, and the contender's own request-context binding), outside the timed call. Orders and
/// request ids are built before the run, so the producer itself allocates only the Activity and what the
/// contender's binding costs, once per request.
/// </summary>
internal sealed class RealisticProducer : IDisposable
{
    private readonly Contender _contender;
    private readonly Order[] _orders;
    private readonly RequestContext[] _requests;
    private Activity? _activity;
    private IDisposable? _scope;

    public RealisticProducer(Contender contender, int producer)
    {
        _contender = contender;
        string customer = "cust-" + producer.ToString(CultureInfo.InvariantCulture);
        _orders = new Order[RealisticEvent.OrderRing];
        for (int o = 0; o < _orders.Length; o++)
        {
            _orders[o] = new Order(10_000 + o, customer, 19.99m + o, 1 + (o % 5), "EUR");
        }

        _requests = new RequestContext[16];
        for (int r = 0; r < _requests.Length; r++)
        {
            string n = (producer * 100 + r).ToString(CultureInfo.InvariantCulture);
            _requests[r] = new RequestContext("req-" + n + "-7f3a9c", "user-" + (r % 4).ToString(CultureInfo.InvariantCulture), "tenant-" + producer.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Starts a new request when event <paramref name="i"/> is the first of one (called outside the timed call).</summary>
    public void Advance(int i)
    {
        if (i % RealisticEvent.EventsPerRequest != 0)
        {
            return;
        }

        EndRequest();
        _activity = new Activity("HTTP GET /api/orders")
            .SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)
            .Start();
        _scope = _contender.BeginRequest(_requests[(i / RealisticEvent.EventsPerRequest) % _requests.Length]);
    }

    /// <summary>The timed call for event <paramref name="i"/>: every 1 000th is an Error (500) with the exception.</summary>
    public void Log(int i)
    {
        bool failed = (i + 1) % RealisticEvent.ErrorEvery == 0;
        _contender.LogRealistic(new RealisticCall(
            "GET",
            "/api/orders",
            failed ? 500 : 200,
            12.5 + (i & 7),
            _orders[i & (RealisticEvent.OrderRing - 1)],
            "10.0.0.7",
            failed ? RealisticEvent.Failure : null));
    }

    public void Dispose() => EndRequest();

    private void EndRequest()
    {
        _scope?.Dispose();
        _scope = null;
        _activity?.Stop();
        _activity = null;
    }
}
