using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
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

    /// <summary>The output as the public seam builds it: the core's delivery output (its figures are read through the core's test access).</summary>
    public static DeliveryOutput Output(FapilogPostgreSqlOptions options) =>
        (DeliveryOutput)FapilogPostgreSqlOutput.Create(options, LogEventLevel.Verbose, FapilogPostgreSqlOutput.OptionsNaming);

    /// <summary>Emits events 1 to <paramref name="count"/>, <paramref name="perBatch"/> at a time, as the pipeline's writer would.</summary>
    public static void EmitNumbered(DeliveryOutput output, int from, int count, int perBatch = 25)
    {
        for (int start = from; start < from + count; start += perBatch)
        {
            int n = Math.Min(perBatch, from + count - start);
            output.EmitBatch(Enumerable.Range(start, n).Select(i => FapilogEvent.Standalone(Numbered(i))).ToArray());
        }
    }

    /// <summary>The envelope records of events, as the delivery stage holds them.</summary>
    public static byte[][] Records(IEnumerable<LogEvent> events)
    {
        IUtf8EventFormatter formatter = new FapilogEnvelopeFormatter();
        return events.Select(e =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            formatter.Format(FapilogEvent.Standalone(e), buffer);
            return buffer.WrittenSpan.ToArray();
        }).ToArray();
    }

    /// <summary>A batch in flight holding <paramref name="records"/>, as the delivery loop fills one.</summary>
    public static DeliveryBatch Batch(IEnumerable<byte[]> records)
    {
        var batch = new DeliveryBatch();
        foreach (var record in records)
        {
            batch.Add(record, isProtected: false, fromSpool: false);
        }

        batch.Changed();
        return batch;
    }

    /// <summary>The transport's view of <paramref name="batch"/>, as the delivery stage passes it.</summary>
    public static FapilogDeliveryBatch View(DeliveryBatch batch) => new(batch);

    private static FapilogDeliveryOptions Configured(Action<FapilogDeliveryOptions> change)
    {
        var d = new FapilogDeliveryOptions();
        change(d);
        return d;
    }
}
