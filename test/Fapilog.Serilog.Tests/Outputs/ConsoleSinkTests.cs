using System;
using System.Linq;
using System.Text.Json;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs;

public class ConsoleSinkTests
{
    private static readonly ConsoleTarget Terminal = new(IsTerminal: true, NoColor: false);
    private static readonly ConsoleTarget Redirected = new(IsTerminal: false, NoColor: false);

    private static string Write(FapilogConsoleFormat format, ConsoleTarget target, params LogEvent[] events)
    {
        var stream = new CountingStream();
        using (var sink = FapilogOutputs.CreateConsole(format, FapilogFormat.Envelope, target, stream, _ => new TestLineFormatter()))
        {
            sink.EmitBatch(Batches.Of(events));
        }

        return stream.Text;
    }

    private static LogEvent Shipped() => Some.Event(
        LogEventLevel.Information,
        "Order {OrderNo} shipped to {User}",
        properties: new[] { ("OrderNo", (object?)42), ("User", "alice"), ("SourceContext", "Shop.Orders"), ("OrderId", 42) });

    [Fact]
    public void Pretty_WritesTimeLevelSourceMessageAndOtherProperties_OnOneLine()
    {
        var text = Write(FapilogConsoleFormat.Pretty, Redirected, Shipped());

        Assert.Equal("10:30:00.123 INF Shop.Orders  Order 42 shipped to alice  OrderId=42\n", text);
    }

    [Fact]
    public void Pretty_LeavesOutRuntimeFacts_ButKeepsRequestIdentity()
    {
        var e = Some.Event(template: "Hello {Name}", properties: new[]
        {
            ("Name", (object?)"bob"), ("RequestId", "req-1"), ("ServiceName", "shop"), ("MachineName", "web-1"),
            ("ProcessId", 42), ("Runtime", ".NET 10"), ("ThreadId", 7), ("KubernetesPod", "shop-7d4b9c-x2x5z"),
        });

        Assert.Equal("10:30:00.123 INF Hello bob  RequestId=\"req-1\"\n", Write(FapilogConsoleFormat.Pretty, Redirected, e));
    }

    [Fact]
    public void Pretty_QuotesStringsOnlyInTheTrailingProperties()
    {
        var e = Some.Event(template: "Hello {Name}", properties: new[] { ("Name", (object?)"bob"), ("Tenant", "acme corp") });

        Assert.Equal("10:30:00.123 INF Hello bob  Tenant=\"acme corp\"\n", Write(FapilogConsoleFormat.Pretty, Redirected, e));
    }

    [Fact]
    public void Pretty_EscapesLineBreaksInValues_SoNoValueCanForgeALogLine()
    {
        var e = Some.Event(template: "User {Name}", properties: ("Name", "eve\n10:30:00.124 INF Admin logged in\r"));

        var text = Write(FapilogConsoleFormat.Pretty, Redirected, e);

        Assert.Equal("10:30:00.123 INF User eve\\n10:30:00.124 INF Admin logged in\\r\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Pretty_EscapesAnsiSequencesAndOtherControls_EvenOnATerminal()
    {
        var e = Some.Event(template: "Value {V}", properties: ("V", "\u001b[2J\u001b[31mred\u0007\u0085\u202Eevil"));

        var text = Write(FapilogConsoleFormat.Pretty, new ConsoleTarget(IsTerminal: true, NoColor: true), e);

        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("Value \\x1B[2J\\x1B[31mred\\x07\\x85\\u202Eevil", text);
    }

    [Fact]
    public void Pretty_EscapesControlsInTheTemplateTextAndPropertyNamesToo()
    {
        var e = Some.Event(template: "line\none", properties: ("Bad\nName", 1));

        Assert.Equal("10:30:00.123 INF line\\none  Bad\\nName=1\n", Write(FapilogConsoleFormat.Pretty, Redirected, e));
    }

    [Fact]
    public void Pretty_WritesTheExceptionIndentedOnTheFollowingLines()
    {
        var e = Some.Event(LogEventLevel.Error, "Failed", new InvalidOperationException("boom\nforged"));

        var lines = Write(FapilogConsoleFormat.Pretty, Redirected, e).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("10:30:00.123 ERR Failed", lines[0]);
        Assert.Equal("  System.InvalidOperationException: boom", lines[1]);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("  ", l));
    }

    [Fact]
    public void Pretty_ShowsAuditAndSecurityWithTheirOwnCodesAndColours()
    {
        var text = Write(FapilogConsoleFormat.Pretty, Terminal, Some.Numbered(1, LogEventLevel.Fatal), Some.Audit(2), Some.Security(3));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var (fatalCode, fatalColour) = PrettyConsoleFormatter.LevelStyle(FapilogLevel.Fatal);
        var (auditCode, auditColour) = PrettyConsoleFormatter.LevelStyle(FapilogLevel.Audit);
        var (securityCode, securityColour) = PrettyConsoleFormatter.LevelStyle(FapilogLevel.Security);
        Assert.Equal(("FTL", "AUD", "SEC"), (fatalCode, auditCode, securityCode));
        Assert.Equal(3, new[] { fatalColour, auditColour, securityColour }.Distinct().Count());
        Assert.Contains(fatalColour + "FTL\u001b[0m Event 1", lines[0]);
        Assert.Contains(auditColour + "AUD\u001b[0m Audit 2", lines[1]);
        Assert.Contains(securityColour + "SEC\u001b[0m Security 3", lines[2]);
        Assert.DoesNotContain("FapilogLevel", text);
    }

    [Fact]
    public void Pretty_EveryLevelCodeHasTheSameWidthAndADistinctColour()
    {
        var styles = Enum.GetValues<FapilogLevel>().Select(PrettyConsoleFormatter.LevelStyle).ToList();

        Assert.All(styles, s => Assert.Equal(3, s.Code.Length));
        Assert.Equal(styles.Count, styles.Select(s => s.Code).Distinct().Count());
        Assert.Equal(styles.Count, styles.Select(s => s.Colour).Distinct().Count());
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Pretty_WithNoColorOrWhenRedirected_WritesNoAnsi(bool isTerminal, bool noColor)
    {
        var text = Write(FapilogConsoleFormat.Pretty, new ConsoleTarget(isTerminal, noColor), Some.Audit(1), Some.Numbered(2, LogEventLevel.Error));

        Assert.DoesNotContain('\u001b', text);
        Assert.StartsWith("10:30:00.123 AUD Audit 1\n", text);
    }

    [Fact]
    public void Auto_OnATerminal_IsPrettyAndColoured()
    {
        var text = Write(FapilogConsoleFormat.Auto, Terminal, Some.Numbered(1));

        Assert.StartsWith("10:30:00.123 " + PrettyConsoleFormatter.LevelStyle(FapilogLevel.Information).Colour + "INF", text);
    }

    [Fact]
    public void Auto_WhenRedirected_WritesJsonLines()
    {
        var text = Write(FapilogConsoleFormat.Auto, Redirected, Some.Numbered(1), Some.Audit(2));

        Assert.Equal(new[] { 1, 2 }, Batches.NumbersIn(text));
    }

    [Fact]
    public void Json_OnATerminalToo_WritesOneParsableLinePerEventInOneWrite()
    {
        var stream = new CountingStream();
        using (var sink = FapilogOutputs.CreateConsole(FapilogConsoleFormat.Json, FapilogFormat.Clef, Terminal, stream, f =>
        {
            Assert.Equal(FapilogFormat.Clef, f);
            return new TestLineFormatter();
        }))
        {
            sink.EmitBatch(Batches.Numbered(1, 50));
        }

        Assert.Equal(1, stream.Writes);
        var lines = stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public void WriteError_FailsTheBatch_AndTheNextBatchStartsClean()
    {
        var stream = new CountingStream { FailNextWrites = 1 };
        using var sink = new ConsoleSink(new TestLineFormatter(), stream);

        Assert.Throws<System.IO.IOException>(() => sink.EmitBatch(Batches.Numbered(1, 2)));
        sink.EmitBatch(Batches.Numbered(3, 1));

        Assert.Equal(new[] { 3 }, Batches.NumbersIn(stream.Text));
    }

    [Fact]
    public void Validate_RejectsUndefinedFormats_NamingTheParameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FapilogOutputs.ValidateConsole((FapilogConsoleFormat)9, FapilogFormat.Envelope));

        Assert.Equal("format", ex.ParamName);
    }
}
