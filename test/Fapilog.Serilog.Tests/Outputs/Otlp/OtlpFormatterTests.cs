using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs.Otlp;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Otlp;

/// <summary>
/// The record encoders, decoded independently (Google.Protobuf's reader; System.Text.Json for the JSON mapping): both
/// protocols must give the same record for the same event.
/// </summary>
public sealed class OtlpFormatterTests
{
    public static TheoryData<FapilogOtlpProtocol> Protocols => new() { FapilogOtlpProtocol.HttpProtobuf, FapilogOtlpProtocol.HttpJson };

    internal static OtlpRecord Encode(FapilogOtlpProtocol protocol, LogEvent logEvent, bool includeTemplate = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        IUtf8EventFormatter formatter = protocol == FapilogOtlpProtocol.HttpJson ? new OtlpJsonFormatter(includeTemplate) : new OtlpProtobufFormatter(includeTemplate);
        formatter.Format(FapilogEvent.Standalone(logEvent), buffer);
        if (protocol == FapilogOtlpProtocol.HttpJson)
        {
            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            return OtlpDecoder.JsonRecord(document.RootElement);
        }

        return OtlpDecoder.LogRecord(buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void AnEvent_BecomesALogRecord_WithTimeSeverityBodyTypedAttributesAndIds(FapilogOtlpProtocol protocol)
    {
        var traceId = ActivityTraceId.CreateFromString("5b8efff798038103d269b633813fc60c");
        var spanId = ActivitySpanId.CreateFromString("eee19b7ec3c1b174");
        var when = new DateTimeOffset(2026, 1, 15, 10, 30, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var guid = Guid.Parse("01a2017f-35d2-71d8-a110-64f92d7627b3");
        var logEvent = new LogEvent(when, LogEventLevel.Warning, null, new global::Serilog.Parsing.MessageTemplateParser().Parse("Order {OrderId} for {Customer}"), new[]
        {
            new LogEventProperty("OrderId", new ScalarValue(42)),
            new LogEventProperty("Customer", new ScalarValue("alice")),
            new LogEventProperty("Big", new ScalarValue(-9_000_000_000L)),
            new LogEventProperty("Weight", new ScalarValue(12.5)),
            new LogEventProperty("Paid", new ScalarValue(true)),
            new LogEventProperty("Nothing", new ScalarValue(null)),
            new LogEventProperty("Id", new ScalarValue(guid)),
            new LogEventProperty("At", new ScalarValue(when)),
            new LogEventProperty("Level", new ScalarValue(LogEventLevel.Error)),
            new LogEventProperty("Raw", new ScalarValue(new byte[] { 1, 2, 255 })),
            new LogEventProperty("Tags", new SequenceValue(new[] { new ScalarValue("a"), new ScalarValue(2) })),
            new LogEventProperty("Cart", new StructureValue(new[] { new LogEventProperty("Items", new ScalarValue(3)) }, "Cart")),
            new LogEventProperty("Stock", new DictionaryValue(new[] { new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(7), new ScalarValue("seven")) })),
        }, traceId, spanId);

        var r = Encode(protocol, logEvent);

        ulong nanos = (ulong)(when.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        Assert.Equal(nanos, r.TimeUnixNano);
        Assert.Equal(nanos, r.ObservedTimeUnixNano);
        Assert.Equal(13, r.SeverityNumber);
        Assert.Equal("Warning", r.SeverityText);
        Assert.Equal("Order 42 for alice", r.Body);
        Assert.Equal(42L, r["OrderId"]);
        Assert.Equal("alice", r["Customer"]);
        Assert.Equal(-9_000_000_000L, r["Big"]);
        Assert.Equal(12.5, r["Weight"]);
        Assert.Equal(true, r["Paid"]);
        Assert.True(r.Attributes.ContainsKey("Nothing"));
        Assert.Null(r["Nothing"]);
        Assert.Equal(guid.ToString(), r["Id"]);
        Assert.Equal("2026-01-15T10:30:00.1234567+02:00", r["At"]);
        Assert.Equal("Error", r["Level"]);
        Assert.Equal(new byte[] { 1, 2, 255 }, r["Raw"]);
        Assert.Equal(new List<object?> { "a", 2L }, r["Tags"]);
        Assert.Equal(new Dictionary<string, object?> { ["Items"] = 3L, ["$type"] = "Cart" }, r["Cart"]);
        Assert.Equal(new Dictionary<string, object?> { ["7"] = "seven" }, r["Stock"]);
        Assert.Equal("Order {OrderId} for {Customer}", r["message_template.text"]);
        Assert.Equal("5b8efff798038103d269b633813fc60c", r.TraceId);
        Assert.Equal("eee19b7ec3c1b174", r.SpanId);
        Assert.Equal(0u, r.Flags);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void AnException_BecomesTheSemanticConventionAttributes(FapilogOtlpProtocol protocol)
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("the cart is empty", new TimeoutException("inner"));
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var r = Encode(protocol, Some.Event(LogEventLevel.Error, "Checkout failed", thrown));

        Assert.Equal("System.InvalidOperationException", r["exception.type"]);
        Assert.Equal("the cart is empty", r["exception.message"]);
        var stack = Assert.IsType<string>(r["exception.stacktrace"]);
        Assert.StartsWith("System.InvalidOperationException: the cart is empty", stack, StringComparison.Ordinal);
        Assert.Contains("System.TimeoutException: inner", stack, StringComparison.Ordinal);
        Assert.Contains(nameof(AnException_BecomesTheSemanticConventionAttributes), stack, StringComparison.Ordinal);
        Assert.Null(r.TraceId);
        Assert.Null(r.SpanId);
    }

    public static TheoryData<string, int, string> Levels => new()
    {
        { "Verbose", 1, "Verbose" }, { "Debug", 5, "Debug" }, { "Information", 9, "Information" }, { "Warning", 13, "Warning" },
        { "Error", 17, "Error" }, { "Fatal", 21, "Fatal" }, { "Audit", 22, "AUDIT" }, { "Security", 23, "SECURITY" },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public void EveryLevel_HasItsSeverityNumber_AndAuditAndSecurityStayDistinguishableAboveFatal(string level, int number, string text)
    {
        var logEvent = level switch
        {
            "Audit" => Some.Audit(1),
            "Security" => Some.Security(1),
            _ => Some.Event(Enum.Parse<LogEventLevel>(level)),
        };

        foreach (var protocol in new[] { FapilogOtlpProtocol.HttpProtobuf, FapilogOtlpProtocol.HttpJson })
        {
            var r = Encode(protocol, logEvent);
            Assert.Equal(number, r.SeverityNumber);
            Assert.Equal(text, r.SeverityText);
            Assert.Equal(level is "Audit" or "Security" ? text : null, r["fapilog.level"]);
            Assert.False(r.Attributes.ContainsKey(FapilogProperties.Level));
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void TheEnrichersWellKnownProperties_TakeTheirSemanticConventionNames(FapilogOtlpProtocol protocol)
    {
        var r = Encode(protocol, Some.Event(properties: new (string, object?)[]
        {
            (FapilogProperties.ServiceName, "shop"), (FapilogProperties.MachineName, "vm"), (FapilogProperties.ProcessId, 31),
            (FapilogProperties.EnvironmentName, "demo"), (FapilogProperties.KubernetesPod, "shop-7d9f-abcde"), (FapilogProperties.ThreadId, 4),
            (FapilogProperties.RequestId, "req-1"), ("SourceContext", "Shop.Orders"),
        }));

        Assert.Equal("shop", r["service.name"]);
        Assert.Equal("vm", r["host.name"]);
        Assert.Equal(31L, r["process.pid"]);
        Assert.Equal("demo", r["deployment.environment.name"]);
        Assert.Equal("shop-7d9f-abcde", r["k8s.pod.name"]);
        Assert.Equal(4L, r["thread.id"]);
        Assert.Equal("req-1", r[FapilogProperties.RequestId]);
        Assert.Equal("Shop.Orders", r["SourceContext"]);
        Assert.False(r.Attributes.ContainsKey(FapilogProperties.ServiceName));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void LongAndOddText_RoundTrips_AsValidUtf8_AndTheTemplateCanBeLeftOut(FapilogOtlpProtocol protocol)
    {
        // Lengths past 127 and 16 383 need two- and three-byte length prefixes at every nesting level.
        string longText = new string('x', 20_000) + "é€😀";
        string lone = "a\ud800b";
        var nested = new StructureValue(new[] { new LogEventProperty("Text", new ScalarValue(longText)) });
        var r = Encode(protocol, Some.Event(template: "{Long} {Lone}", properties: new (string, object?)[] { ("Long", longText), ("Lone", lone), ("Nested", nested) }), includeTemplate: false);

        Assert.Equal(longText, r["Long"]);
        Assert.Equal("a\ufffdb", r["Lone"]);
        Assert.Equal(longText, ((Dictionary<string, object?>)r["Nested"]!)["Text"]);
        Assert.Equal(longText + " a\ufffdb", r.Body);
        Assert.False(r.Attributes.ContainsKey("message_template.text"));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void ValuesDeeperThanTheLimit_AreCutWithAMarker(FapilogOtlpProtocol protocol)
    {
        LogEventPropertyValue value = new ScalarValue("bottom");
        for (int i = 0; i < 40; i++)
        {
            value = new SequenceValue(new[] { value });
        }

        var r = Encode(protocol, Some.Event(properties: ("Deep", value)));

        object? cursor = r["Deep"];
        int depth = 0;
        while (cursor is List<object?> list)
        {
            cursor = Assert.Single(list);
            depth++;
        }

        Assert.Equal("<depth limit reached>", cursor);
        Assert.Equal(OtlpMapping.MaxDepth, depth);
    }

    [Fact]
    public void TheProtobufRecord_IsExactlyTheLogRecordMessage_AndItsStringsAreStrictUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ((IUtf8EventFormatter)new OtlpProtobufFormatter(true)).Format(FapilogEvent.Standalone(Some.Event(template: "Hello {Name}", properties: ("Name", "b\udc00"))), buffer);
        var record = OtlpDecoder.LogRecord(buffer.WrittenSpan.ToArray());

        // Google.Protobuf parsed every byte as a field of LogRecord; the lone surrogate went out as U+FFFD's bytes.
        Assert.Equal("Hello b\ufffd", record.Body);
        Assert.Equal("Hello b\ufffd", record["Name"] is string name ? "Hello " + name : null);
        Assert.True(buffer.WrittenSpan.IndexOf(new byte[] { (byte)'b', 0xEF, 0xBF, 0xBD }) >= 0);
    }
}
