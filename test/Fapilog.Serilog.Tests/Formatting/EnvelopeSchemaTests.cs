using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

public class EnvelopeSchemaTests
{
    [Fact]
    public void Format_VariedCorpus_EveryLineValidatesAgainstTheSchema()
    {
        var lines = new StringBuilder();
        foreach (var options in new[] { new FapilogEnvelopeOptions(), new FapilogEnvelopeOptions { IncludeMessageTemplate = false, QuoteStringValues = true } })
        {
            var formatter = new FapilogEnvelopeFormatter(options);
            foreach (var e in Corpus())
            {
                lines.Append(Formatted.Utf8(formatter, e));
                lines.Append(Formatted.Text(formatter, e));
            }
        }

        var (valid, report) = SchemaValidator.Validate(SchemaValidator.EnvelopeSchema, lines.ToString());
        Assert.True(valid, report);
        Assert.Contains($"{Corpus().Count() * 4} lines, 0 invalid", report);
    }

    [Fact]
    public void Validator_LineBreakingTheSchema_IsReportedInvalid()
    {
        var line = Formatted.Utf8(new FapilogEnvelopeFormatter(), Some.Event()).Replace("\"schema_version\":\"1.1\"", "\"schema_version\":\"1.0\"");
        var (valid, report) = SchemaValidator.Validate(SchemaValidator.EnvelopeSchema, line);
        Assert.False(valid, report);
    }

    private static IEnumerable<LogEvent> Corpus()
    {
        foreach (LogEventLevel level in Enum.GetValues<LogEventLevel>())
        {
            yield return Some.Event(level);
        }

        yield return Some.Audit(1);
        yield return Some.Security(2);
        yield return Some.Event(template: "Order {OrderId} shipped to {Customer}", properties: new (string, object?)[]
        {
            ("OrderId", 42), ("Customer", "alice"), ("SourceContext", "Shop.Orders"), ("CorrelationId", Guid.NewGuid()), ("RequestId", 17),
            ("UserId", "u"), ("TenantId", 3.5), ("ParentSpanId", "p"), ("ServiceName", "shop"), ("EnvironmentName", "prod"), ("ServiceVersion", new Version(1, 2)),
            ("MachineName", "web-1"), ("ProcessId", 4242), ("Runtime", ".NET 10"), ("ThreadId", 7), ("ThreadName", "worker"), ("KubernetesPod", "pod-1"),
            ("KubernetesNamespace", "ns"), ("KubernetesNode", "node"), ("KubernetesContainer", "c"), ("KubernetesCluster", "k"), ("KubernetesDeployment", "d"),
            ("Tags", new SequenceValue(new[] { new ScalarValue("a"), new ScalarValue("b") })),
        });
        yield return Some.Event(template: "ids of odd types", properties: new (string, object?)[]
        {
            ("SourceContext", 12), ("request_id", "r"), ("user_id", null), ("ProcessId", "not a number"), ("MachineName", true), ("ThreadId", "main"),
            ("Tags", new SequenceValue(new[] { new ScalarValue(1) })), ("correlation_id", DateTime.UnixEpoch), ("ServiceName", null),
        });
        yield return Some.Event(template: "{N} {P} {M} {F}", properties: new (string, object?)[] { ("N", double.NaN), ("P", double.NegativeInfinity), ("M", decimal.MaxValue), ("F", float.NaN) });
        yield return Some.Event(template: "bad \ud800 {S}", properties: new (string, object?)[] { ("S", "\udc00\u0001\u001b"), ("k\ud800", '\ud800'), ("message", "collides"), ("log", 1), ("schema_version", "9") });
        yield return Some.Event(template: "{D} {Q} {S}", properties: new (string, object?)[]
        {
            ("D", new DictionaryValue(new[] { new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(null), new ScalarValue(1)) })),
            ("Q", new SequenceValue(Array.Empty<LogEventPropertyValue>())),
            ("S", new StructureValue(new[] { new LogEventProperty("$type", new ScalarValue("x")) }, "Tag")),
        });
        yield return Some.Event(LogEventLevel.Error, "failed", Thrown(new AggregateException(new InvalidOperationException("a", new ArgumentException("b")), new TimeoutException())));
        yield return Some.Event(template: "{T}", timestamp: new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-5)), properties: ("T", TimeSpan.MaxValue));
        yield return new LogEvent(Some.Timestamp, LogEventLevel.Information, null, new global::Serilog.Parsing.MessageTemplateParser().Parse("traced"),
            Enumerable.Empty<LogEventProperty>(), ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
