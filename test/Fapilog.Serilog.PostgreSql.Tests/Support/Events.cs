using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.PostgreSql.Tests.Support;

/// <summary>Log events for the tests, and the output and batches built from them.</summary>
internal static class Events
{
    private static readonly MessageTemplateParser Parser = new();

    public static LogEvent Numbered(int n, LogEventLevel level = LogEventLevel.Information) =>
        Event("Event {N}", level, ("N", n));

    public static LogEvent Event(string template, LogEventLevel level, params (string Name, object? Value)[] properties) =>
        new(
            new DateTimeOffset(2026, 12, 2, 5, 30, 0, TimeSpan.Zero).AddMilliseconds(properties.Length > 0 && properties[0].Value is int n ? n : 0),
            level,
            null,
            Parser.Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))).ToList(),
            ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"),
            ActivitySpanId.CreateFromString("00f067aa0ba902b7"));

    /// <summary>Small batches, quick retries and breaks, and a close that waits long enough for a loaded machine.</summary>
    public static void FastDelivery(FapilogDeliveryOptions d)
    {
        d.BatchSizeLimit = 50;
        d.BatchTimeLimit = TimeSpan.FromMilliseconds(20);
        d.MinRetryDelay = TimeSpan.FromMilliseconds(10);
        d.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
        d.BreakerFailureThreshold = 3;
        d.BreakDuration = TimeSpan.FromMilliseconds(100);
        d.CloseTimeout = TimeSpan.FromSeconds(30);
        d.RetryTimeLimit = TimeSpan.FromMinutes(2);
        d.Spool = FapilogSpoolMode.Off;
    }

    /// <summary>The options of an output into <paramref name="server"/>, fast delivery, named after the test.</summary>
    public static FapilogPostgreSqlOptions Options(PostgresServer server, string table = "logs", bool autoCreate = true) => new()
    {
        ConnectionString = server.ConnectionString,
        Table = table,
        AutoCreateTable = autoCreate,
        CommandTimeout = TimeSpan.FromSeconds(30),
        Delivery = Configured(FastDelivery),
    };

    /// <summary>The output as the package builds it.</summary>
    public static TestOutput Output(FapilogPostgreSqlOptions options) =>
        new(FapilogPostgreSqlOutput.Create(options, LogEventLevel.Verbose, FapilogPostgreSqlOutput.OptionsNaming));

    /// <summary>The output on the core's public seam around the package's transport, as <paramref name="wrap"/> wraps it.</summary>
    public static TestOutput Output(FapilogPostgreSqlOptions options, Func<FapilogDeliveryTransport, FapilogDeliveryTransport> wrap)
    {
        options.Validate(FapilogPostgreSqlOutput.OptionsNaming);
        return new(FapilogDeliveryOutput.Create(options.Name, FapilogFormat.Envelope, LogEventLevel.Verbose, options.Delivery, wrap(new PostgreSqlTransport(options))));
    }

    /// <summary>Emits events 1 to <paramref name="count"/>, <paramref name="perBatch"/> at a time, as the pipeline's writer would.</summary>
    public static void EmitNumbered(TestOutput output, int from, int count, int perBatch = 25)
    {
        for (int start = from; start < from + count; start += perBatch)
        {
            int n = Math.Min(perBatch, from + count - start);
            output.EmitBatch(Enumerable.Range(start, n).Select(i => FapilogEvent.Standalone(Numbered(i))).ToArray());
        }
    }

    /// <summary>A message id of its own for event <paramref name="n"/>: emitting the event again sends the same envelope again.</summary>
    public static Guid MessageId(int n) => Guid.Parse("0193a1b2-0000-7000-8000-" + n.ToString("D12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The envelope records of events, as the delivery stage hands them to a transport (captured by one on the public seam).</summary>
    public static byte[][] Records(IEnumerable<LogEvent> events)
    {
        var capture = new CaptureTransport();
        var output = new TestOutput(FapilogDeliveryOutput.Create(
            "records", FapilogFormat.Envelope, LogEventLevel.Verbose, new FapilogDeliveryOptions { Spool = FapilogSpoolMode.Off }, capture));
        output.EmitBatch(events.Select(FapilogEvent.Standalone).ToArray());
        output.Dispose();
        return capture.Records.ToArray();
    }

    private static FapilogDeliveryOptions Configured(Action<FapilogDeliveryOptions> change)
    {
        var d = new FapilogDeliveryOptions();
        change(d);
        return d;
    }
}

/// <summary>An output as the tests drive it: events straight in (as the pipeline's writer hands them), and its figures.</summary>
internal sealed class TestOutput : IDisposable
{
    public TestOutput(ILogEventSink sink) => Sink = sink;

    public ILogEventSink Sink { get; }

    public void Emit(LogEvent logEvent) => Sink.Emit(logEvent);

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch) => ((IFapilogBatchSink)Sink).EmitBatch(batch);

    public FapilogOutputStats Snapshot() => FapilogDeliveryOutput.GetStats(Sink);

    public void Dispose() => ((IDisposable)Sink).Dispose();
}

/// <summary>Keeps a copy of every record it is sent.</summary>
internal sealed class CaptureTransport : FapilogDeliveryTransport
{
    public List<byte[]> Records { get; } = new();

    public override FapilogDeliveryOutcome Send(FapilogDeliveryBatch batch, CancellationToken cancel)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            Records.Add(batch[i].ToArray());
        }

        return FapilogDeliveryOutcome.Delivered;
    }
}

/// <summary>Sends every batch twice through the transport it wraps, as a resend after a lost answer would.</summary>
internal sealed class SentTwice : FapilogDeliveryTransport
{
    private readonly FapilogDeliveryTransport _inner;

    public SentTwice(FapilogDeliveryTransport inner) => _inner = inner;

    public int Resent { get; private set; }

    public override FapilogDeliveryOutcome Send(FapilogDeliveryBatch batch, CancellationToken cancel)
    {
        var first = _inner.Send(batch, cancel);
        if (first.Kind != FapilogDeliveryOutcomeKind.Delivered)
        {
            return first;
        }

        Resent++;
        return _inner.Send(batch, cancel);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
