using System;
using System.Buffers;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Outputs.Syslog;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>An event's own properties cannot pass for the context's parameters of the structured data.</summary>
public sealed class SyslogContextParamTests
{
    [Fact]
    public void APropertyNamedAsAContextParameter_GetsALeadingUnderscore_AndTheContextOneStaysAlone()
    {
        var formatter = new SyslogRecordFormatter(new FapilogSyslogOptions { Hostname = "h", AppName = "a" });
        var properties = new[]
        {
            new LogEventProperty("level", new ScalarValue("CRITICAL")),
            new LogEventProperty("message_id", new ScalarValue("forged")),
            new LogEventProperty("logger", new ScalarValue("Forged.Logger")),
            new LogEventProperty("plain", new ScalarValue(1)),
        };
        var e = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("hello"), properties);
        var output = new ArrayBufferWriter<byte>();
        formatter.Format(FapilogEvent.Standalone(e), output);
        string text = Encoding.UTF8.GetString(output.WrittenSpan);

        Assert.Single(Occurrences(text, " level=\""));
        Assert.Contains(" level=\"INFO\"", text, StringComparison.Ordinal);
        Assert.Contains(" _level=\"CRITICAL\"", text, StringComparison.Ordinal);
        Assert.Single(Occurrences(text, " message_id=\""));
        Assert.Contains(" _message_id=\"forged\"", text, StringComparison.Ordinal);
        Assert.Empty(Occurrences(text, " logger=\""));
        Assert.Contains(" _logger=\"Forged.Logger\"", text, StringComparison.Ordinal);
        Assert.Contains(" plain=\"1\"", text, StringComparison.Ordinal);
    }

    private static int[] Occurrences(string text, string part) =>
        Enumerable.Range(0, text.Length).Where(i => string.CompareOrdinal(text, i, part, 0, part.Length) == 0).ToArray();
}
