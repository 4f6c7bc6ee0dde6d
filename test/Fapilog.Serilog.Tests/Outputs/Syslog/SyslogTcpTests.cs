using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>The syslog output over plain TCP (octet counting) to a real rsyslogd of this class's own.</summary>
public sealed class SyslogTcpTests : IClassFixture<RsyslogPlainFixture>
{
    private readonly RsyslogServer _server;

    public SyslogTcpTests(RsyslogPlainFixture fixture) => _server = fixture.Server;

    [Fact]
    public void EveryEventArrives_InOrder_AsOneRfc5424MessageEach_WithItsFields()
    {
        const string App = "tcp-fields";
        var trace = ActivityTraceId.CreateRandom();
        var span = ActivitySpanId.CreateRandom();
        var events = Enumerable.Range(1, 200).Select(n => FapilogEvent.Standalone(new LogEvent(
            Some.Timestamp.AddMilliseconds(n), LogEventLevel.Information, null, new global::Serilog.Parsing.MessageTemplateParser().Parse("Order {N} placed"),
            [new LogEventProperty("N", new ScalarValue(n)), new LogEventProperty(FapilogProperties.CorrelationId, new ScalarValue("corr-" + n)),
             new LogEventProperty(FapilogProperties.SourceContext, new ScalarValue("Shop.Orders"))],
            trace, span))).ToArray();
        using (var output = SyslogTesting.Create(SyslogTesting.Options(_server, App)))
        {
            for (int i = 0; i < events.Length; i += 7)
            {
                output.EmitBatch(events.AsSpan(i, Math.Min(7, events.Length - i)));
            }
        }

        var received = _server.WaitFor(App, 200);
        Assert.Equal(Enumerable.Range(1, 200), received.Select(m => m.Number));
        Assert.Equal(200, received.Select(m => m.Param("message_id")).Distinct().Count());
        for (int i = 0; i < received.Count; i++)
        {
            var m = received[i];
            int n = i + 1;
            Assert.Equal(("imtcp", "1", (1 * 8) + 6, 1, 6), (m.Input, m.Version, m.Pri, m.Facility, m.Severity));
            Assert.Equal(("test-host", App, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "-"), (m.Hostname, m.AppName, m.ProcId, m.MsgId));
            Assert.Equal("Order " + n + " placed", m.Msg.TrimStart());
            Assert.Equal(Some.Timestamp.AddMilliseconds(n), DateTimeOffset.Parse(m.Timestamp, CultureInfo.InvariantCulture));
            Assert.Equal(events[i].MessageId.ToString(), m.Param("message_id"));
            Assert.Equal(("INFO", "Shop.Orders", "corr-" + n), (m.Param("level"), m.Param("logger"), m.Param("correlation_id")));
            Assert.Equal((trace.ToHexString(), span.ToHexString()), (m.Param("trace_id"), m.Param("span_id")));
            Assert.StartsWith("<14>1 ", m.Raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Levels_MapToSeverities_AndAuditAndSecurity_ToTheAuditFacility()
    {
        const string App = "tcp-levels";
        var options = SyslogTesting.Options(_server, App);
        options.Facility = FapilogSyslogFacility.Local0;
        var levels = Enum.GetValues<LogEventLevel>();
        using (var output = SyslogTesting.Create(options))
        {
            output.EmitBatch(Batches.Of(levels.Select((l, i) => Some.Numbered(i + 1, l)).Append(Some.Audit(7)).Append(Some.Security(8)).ToArray()));
        }

        var received = _server.WaitFor(App, 8);
        Assert.Equal(Enumerable.Range(1, 8), received.Select(m => m.Number));

        // Verbose, Debug: debug (7); Information: informational (6); Warning (4); Error (3); Fatal: critical (2);
        // AUDIT: authpriv (10) notice (5); SECURITY: authpriv alert (1).
        Assert.Equal(
            [(16, 7), (16, 7), (16, 6), (16, 4), (16, 3), (16, 2), (10, 5), (10, 1)],
            received.Select(m => (m.Facility, m.Severity)).ToArray());
        Assert.Equal(["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "AUDIT", "SECURITY"], received.Select(m => m.Param("level") ?? "none").ToArray());
    }

    [Fact]
    public void HeaderFieldsAndParameters_AreFittedToRfc5424_AndValuesEscaped()
    {
        const string App = "tcp-fitted";
        var options = SyslogTesting.Options(_server, App);
        options.MsgIdProperty = "Operation";
        options.Hostname = new string('h', 255);
        string hostile = "quote\" backslash\\ bracket] end";
        string longName = "P" + new string('x', 40);
        using (var output = SyslogTesting.Create(options))
        {
            output.EmitBatch(Batches.Of(
                Some.Event(template: "Event {N}", properties: [("N", 1), ("Operation", "checkout é" + new string('o', 40)), ("Value", hostile), (longName, "long"), ("a=b", "eq")]),
                Some.Event(template: "Event {N}", properties: [("N", 2)])));
        }

        var received = _server.WaitFor(App, 2);
        Assert.Equal([1, 2], received.Select(m => m.Number));
        var first = received[0];

        // MSGID: printable ASCII (the é and the space became _), cut to 32; an event without the property sends NILVALUE.
        Assert.Equal(("checkout__" + new string('o', 22)), first.MsgId);
        Assert.Equal("-", received[1].MsgId);
        Assert.Equal(new string('h', 255), first.Hostname);

        // rsyslog parsed the structured data; " \ ] came through escaped and read back as they were.
        Assert.StartsWith("[fapilog@32473 ", first.StructuredData, StringComparison.Ordinal);
        Assert.Contains("Value=\"quote\\\" backslash\\\\ bracket\\] end\"", first.StructuredData, StringComparison.Ordinal);
        Assert.Equal(hostile, first.Param("Value"));
        Assert.Equal("long", first.Param(longName[..32]));
        Assert.Equal("eq", first.Param("a_b"));
        Assert.Equal("Event 1", first.Msg.TrimStart());
    }

    [Fact]
    public void HostileMessages_CannotBreakTheFraming_NorForgeASecondMessage()
    {
        const string App = "tcp-hostile";
        string[] texts =
        [
            "line one\nline two",
            "carriage\r\nreturn",
            "nul\0inside",
            "tab\tand bell\a and escape\u001b[31m",
            "next line\u0085 and separator\u2028 and paragraph\u2029",
            "before\n99 <13>1 2026-01-01T00:00:00Z evil evil - - - forged second frame\n",
            "12 <13>1 - - -",
            "]\" [fake@1 a=\"b\"]",
        ];
        using (var output = SyslogTesting.Create(SyslogTesting.Options(_server, App)))
        {
            output.EmitBatch(Batches.Of(texts.Select((t, i) => Some.Event(template: "{Text:l}", properties: [("N", i + 1), ("Text", t)])).ToArray()));
            output.EmitBatch(Batches.Numbered(100, 1));
        }

        // Exactly one message per event, none forged, and the one after them intact.
        var received = _server.WaitFor(App, texts.Length + 1);
        Assert.Equal(Enumerable.Range(1, texts.Length).Append(100), received.Select(m => m.Number));
        Assert.DoesNotContain(_server.Messages("evil"), m => true);
        Assert.All(received, m => Assert.DoesNotContain(m.Raw, c => c < ' ' || c == '\u007f' || c is >= '\u0080' and <= '\u009f' or '\u2028' or '\u2029'));
        Assert.Equal("line one#012line two", received[0].Msg.TrimStart());
        Assert.Equal("carriage#015#012return", received[1].Msg.TrimStart());
        Assert.Equal("nul#000inside", received[2].Msg.TrimStart());
        Assert.Equal("tab#011and bell#007 and escape#033[31m", received[3].Msg.TrimStart());
        Assert.Equal("next line#205 and separator#u2028 and paragraph#u2029", received[4].Msg.TrimStart());
        Assert.Equal("before#01299 <13>1 2026-01-01T00:00:00Z evil evil - - - forged second frame#012", received[5].Msg.TrimStart());

        // The text of a property rendered into the message is in the message, not in the structured data.
        Assert.Equal("]\" [fake@1 a=\"b\"]", received[7].Msg.TrimStart());
        Assert.Equal(["fapilog@32473"], received[7].Elements().Keys);
        Assert.Equal("]\" [fake@1 a=\"b\"]", received[7].Param("Text"));
    }
}
