using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

public class FapilogEnvelopeFormatterTests
{
    [Fact]
    public void Format_TypicalEvent_WritesTheGoldenLine()
    {
        var e = Some.Event(template: "Order {OrderId} shipped to {Customer}",
            properties: new (string, object?)[] { ("OrderId", 42), ("Customer", "alice"), ("SourceContext", "Shop.Orders"), ("ServiceName", "shop"), ("ProcessId", 4242) });
        Assert.Equal(
            "{\"schema_version\":\"1.1\",\"log\":{\"timestamp\":\"2026-01-15T10:30:00.123Z\",\"level\":\"INFO\","
            + "\"message\":\"Order 42 shipped to alice\",\"message_template\":\"Order {OrderId} shipped to {Customer}\",\"logger\":\"Shop.Orders\","
            + "\"context\":{\"message_id\":\"0190f3c4-5a6b-7c8d-9e0f-112233445566\",\"correlation_id\":null},"
            + "\"diagnostics\":{\"origin\":\"serilog\",\"service\":\"shop\",\"pid\":4242},\"data\":{\"OrderId\":42,\"Customer\":\"alice\"}}}\n",
            Formatted.Utf8(new FapilogEnvelopeFormatter(), e));
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, "TRACE")]
    [InlineData(LogEventLevel.Debug, "DEBUG")]
    [InlineData(LogEventLevel.Information, "INFO")]
    [InlineData(LogEventLevel.Warning, "WARNING")]
    [InlineData(LogEventLevel.Error, "ERROR")]
    [InlineData(LogEventLevel.Fatal, "CRITICAL")]
    public void Format_SerilogLevel_WritesEnvelopeLevelName(LogEventLevel level, string expected)
        => Assert.Equal(expected, Formatted.Envelope(Some.Event(level)).GetProperty("level").GetString());

    [Fact]
    public void Format_AuditEvent_WritesAuditAndDropsMarkerFromData()
    {
        var log = Formatted.Envelope(Some.Audit(1));
        Assert.Equal("AUDIT", log.GetProperty("level").GetString());
        Assert.Equal(new[] { "N" }, log.GetProperty("data").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Format_SecurityEvent_WritesSecurity()
        => Assert.Equal("SECURITY", Formatted.Envelope(Some.Security(1)).GetProperty("level").GetString());

    [Fact]
    public void Format_MarkerOnNonFatalEvent_StaysInData()
    {
        var log = Formatted.Envelope(Some.Event(LogEventLevel.Information, "x", properties: (FapilogProperties.Level, "AUDIT")));
        Assert.Equal("INFO", log.GetProperty("level").GetString());
        Assert.Equal("AUDIT", log.GetProperty("data").GetProperty(FapilogProperties.Level).GetString());
    }

    [Fact]
    public void Format_WithoutSourceContext_WritesRootLogger()
        => Assert.Equal("root", Formatted.Envelope(Some.Event()).GetProperty("logger").GetString());

    [Fact]
    public void Format_Options_QuoteStringsAndOmitTemplate()
    {
        var options = new FapilogEnvelopeOptions { QuoteStringValues = true, IncludeMessageTemplate = false };
        var log = Formatted.Envelope(Some.Event(template: "Hi {Name} {Lit:l}", properties: new (string, object?)[] { ("Name", "bob"), ("Lit", "x") }), options);
        Assert.Equal("Hi \"bob\" x", log.GetProperty("message").GetString());
        Assert.False(log.TryGetProperty("message_template", out _));
    }

    [Fact]
    public void Format_MessageRendering_IsCultureInvariantAndUnquoted()
    {
        var e = Some.Event(template: "{D} {M:0.0} {Dt:yyyy-MM-dd} {B} {G} {Missing}", properties: new (string, object?)[]
            { ("D", 1234.5), ("M", 2.25m), ("Dt", new DateTime(2026, 3, 4)), ("B", false), ("G", Guid.Empty) });
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("1234.5 2.3 2026-03-04 False 00000000-0000-0000-0000-000000000000 {Missing}",
                Formatted.Envelope(e).GetProperty("message").GetString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Format_IdentityProperties_MoveToContext()
    {
        var log = Formatted.Envelope(Some.Event(template: "x", properties: new (string, object?)[]
            { ("CorrelationId", "c-1"), ("request_id", "r-1"), ("UserId", 7), ("tenant_id", "t-1"), ("ParentSpanId", "p-1") }));
        var context = log.GetProperty("context");
        Assert.Equal(Formatted.MessageId.ToString(), context.GetProperty("message_id").GetString());
        Assert.Equal("c-1", context.GetProperty("correlation_id").GetString());
        Assert.Equal("r-1", context.GetProperty("request_id").GetString());
        Assert.Equal("7", context.GetProperty("user_id").GetString());
        Assert.Equal("t-1", context.GetProperty("tenant_id").GetString());
        Assert.Equal("p-1", context.GetProperty("parent_span_id").GetString());
        Assert.Empty(log.GetProperty("data").EnumerateObject());
    }

    [Fact]
    public void Format_WithoutCorrelationId_FallsBackToRequestId()
        => Assert.Equal("r-9", Formatted.Envelope(Some.Event(template: "x", properties: ("RequestId", "r-9"))).GetProperty("context").GetProperty("correlation_id").GetString());

    [Fact]
    public void Format_BothCaseVariants_PascalCaseWinsAndSnakeCaseStaysInData()
    {
        var log = Formatted.Envelope(Some.Event(template: "x", properties: new (string, object?)[] { ("user_id", "snake"), ("UserId", "pascal") }));
        Assert.Equal("pascal", log.GetProperty("context").GetProperty("user_id").GetString());
        Assert.Equal("snake", log.GetProperty("data").GetProperty("user_id").GetString());
    }

    [Fact]
    public void Format_TraceAndSpan_WritesLowerHex()
    {
        var e = new LogEvent(Some.Timestamp, LogEventLevel.Information, null, new global::Serilog.Parsing.MessageTemplateParser().Parse("x"),
            Enumerable.Empty<LogEventProperty>(), ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c"), ActivitySpanId.CreateFromString("b7ad6b7169203331"));
        var context = Formatted.Envelope(e).GetProperty("context");
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.GetProperty("trace_id").GetString());
        Assert.Equal("b7ad6b7169203331", context.GetProperty("span_id").GetString());
    }

    [Fact]
    public void Format_RuntimeProperties_MoveToDiagnosticsInFixedOrder()
    {
        var e = Some.Event(template: "x", properties: new (string, object?)[]
        {
            ("KubernetesDeployment", "dep"), ("KubernetesCluster", "c"), ("KubernetesContainer", "ctr"), ("KubernetesNode", "n"), ("KubernetesNamespace", "ns"),
            ("KubernetesPod", "pod"), ("ThreadName", "w"), ("ThreadId", 12), ("Runtime", ".NET 10"), ("ProcessId", 99L), ("MachineName", "h"),
            ("ServiceVersion", "1.2"), ("EnvironmentName", "prod"), ("ServiceName", "svc"),
        });
        var log = Formatted.Envelope(e);
        var diagnostics = log.GetProperty("diagnostics");
        Assert.Equal(new[] { "origin", "service", "env", "version", "host", "pid", "runtime", "thread_id", "thread_name", "k8s_pod", "k8s_namespace", "k8s_node", "k8s_container", "k8s_cluster", "k8s_deployment" },
            diagnostics.EnumerateObject().Select(p => p.Name));
        Assert.Equal(99, diagnostics.GetProperty("pid").GetInt32());
        Assert.Equal(12, diagnostics.GetProperty("thread_id").GetInt32());
        Assert.Empty(log.GetProperty("data").EnumerateObject());
    }

    [Fact]
    public void Format_NonIntegerProcessId_StaysInData()
    {
        var log = Formatted.Envelope(Some.Event(template: "x", properties: ("ProcessId", "abc")));
        Assert.False(log.GetProperty("diagnostics").TryGetProperty("pid", out _));
        Assert.Equal("abc", log.GetProperty("data").GetProperty("ProcessId").GetString());
    }

    [Fact]
    public void Format_TagsOfStrings_WritesTagsArray()
    {
        var tags = new SequenceValue(new[] { new ScalarValue("a"), new ScalarValue("b") });
        var log = Formatted.Envelope(Some.Event(template: "x", properties: ("Tags", tags)));
        Assert.Equal(new[] { "a", "b" }, log.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(log.GetProperty("data").TryGetProperty("Tags", out _));
    }

    [Fact]
    public void Format_TagsWithNonStrings_StayInData()
    {
        var tags = new SequenceValue(new[] { new ScalarValue("a"), new ScalarValue(1) });
        var log = Formatted.Envelope(Some.Event(template: "x", properties: ("Tags", tags)));
        Assert.False(log.TryGetProperty("tags", out _));
        Assert.Equal(JsonValueKind.Array, log.GetProperty("data").GetProperty("Tags").ValueKind);
    }

    [Fact]
    public void Format_NamesCollidingWithEnvelopeKeys_StayInData()
    {
        var log = Formatted.Envelope(Some.Event(template: "x", properties: new (string, object?)[] { ("message", "m"), ("level", "l"), ("schema_version", 2) }));
        Assert.Equal("INFO", log.GetProperty("level").GetString());
        Assert.Equal(new[] { "message", "level", "schema_version" }, log.GetProperty("data").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Format_TextPathInsidePipelineContext_UsesThePipelineMessageId()
    {
        var e = Some.Event();
        var id = Guid.NewGuid();
        WriterContext.Enter(new FapilogEvent(e, 5, FapilogLevel.Information, id));
        try
        {
            var log = Formatted.Parse(Formatted.Text(new FapilogEnvelopeFormatter(), e)).GetProperty("log");
            Assert.Equal(id.ToString(), log.GetProperty("context").GetProperty("message_id").GetString());
        }
        finally
        {
            WriterContext.Exit();
        }
    }

    [Fact]
    public void Format_TextPathOutsidePipeline_GeneratesAFreshMessageIdPerEvent()
    {
        var formatter = new FapilogEnvelopeFormatter();
        var e = Some.Event();
        string Id() => Formatted.Parse(Formatted.Text(formatter, e)).GetProperty("log").GetProperty("context").GetProperty("message_id").GetString()!;
        Assert.NotEqual(Id(), Id());
    }
}
