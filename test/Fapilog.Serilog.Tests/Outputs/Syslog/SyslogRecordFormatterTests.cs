using System;
using System.Buffers;
using System.Globalization;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Outputs.Syslog;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>The record formatter's in-place fields (PRI, timestamp, message id, numbers) against their string forms.</summary>
public sealed class SyslogRecordFormatterTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 8, 9, 10, TimeSpan.FromHours(2));

    [Theory]
    [InlineData(LogEventLevel.Verbose, FapilogSyslogFacility.User, "<15>1 ")]
    [InlineData(LogEventLevel.Information, FapilogSyslogFacility.Local7, "<190>1 ")]
    [InlineData(LogEventLevel.Fatal, FapilogSyslogFacility.Kern, "<2>1 ")]
    public void ThePriAndTimestamp_AreWrittenInPlace_AsRfc5424Has(LogEventLevel level, FapilogSyslogFacility facility, string pri)
    {
        var at = At.AddTicks(1234567);
        string line = Format(new LogEvent(at, level, null, new MessageTemplateParser().Parse("x"), []), new FapilogSyslogOptions { Facility = facility });
        Assert.StartsWith(pri + at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) + " ", line);
    }

    [Fact]
    public void Numbers_AreWrittenAsTheirInvariantText_WhateverTheCulture()
    {
        object[] numbers = [12, -7L, 12.5, -1.5e300, double.NaN, double.NegativeInfinity, 1.25m, 0.1f, int.MinValue];
        var properties = numbers.Select((n, i) => new LogEventProperty("n" + i.ToString(CultureInfo.InvariantCulture), new ScalarValue(n))).ToArray();
        string line;
        using (HostileCulture.Use())
        {
            line = Format(new LogEvent(At, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"), properties), new FapilogSyslogOptions());
        }

        for (int i = 0; i < numbers.Length; i++)
        {
            string expected = ((IFormattable)numbers[i]).ToString(null, CultureInfo.InvariantCulture);
            Assert.Contains(FormattableString.Invariant($" n{i}=\"{expected}\""), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheMessageId_IsTheEventsGuid()
    {
        var id = Guid.NewGuid();
        var logEvent = new LogEvent(At, LogEventLevel.Warning, null, new MessageTemplateParser().Parse("x"), []);
        var output = new ArrayBufferWriter<byte>();
        new SyslogRecordFormatter(new FapilogSyslogOptions()).Format(new FapilogEvent(logEvent, 1, FapilogLevel.Warning, id), output);
        Assert.Contains(" message_id=\"" + id.ToString("D") + "\"", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    private static string Format(LogEvent logEvent, FapilogSyslogOptions options)
    {
        var output = new ArrayBufferWriter<byte>();
        new SyslogRecordFormatter(options).Format(FapilogEvent.Standalone(logEvent), output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
