using System;
using System.Buffers;
using System.Linq;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Outputs.Loki;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

/// <summary>One event's record: its stream's labels, a tab, its entry (the event's own time in ns and its line).</summary>
public sealed class LokiRecordFormatterTests
{
    internal static FapilogLokiOptions Options(Action<FapilogLokiOptions>? configure = null)
    {
        var options = new FapilogLokiOptions { Url = "http://127.0.0.1:3100" };
        configure?.Invoke(options);
        return options;
    }

    private static (JsonElement Labels, string Ns, string Line, string Record) Format(LokiRecordFormatter formatter, LogEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ((Fapilog.Serilog.Formatting.IUtf8EventFormatter)formatter).Format(FapilogEvent.Standalone(e), buffer);
        string record = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.True(LokiRecordFormatter.TrySplit(buffer.WrittenSpan, out var labels, out var entry), record);
        using var entryJson = JsonDocument.Parse(entry.ToArray());
        return (JsonDocument.Parse(labels.ToArray()).RootElement, entryJson.RootElement[0].GetString()!, entryJson.RootElement[1].GetString()!, record);
    }

    [Fact]
    public void TheEntry_CarriesTheEventsOwnTime_InUnixNanoseconds_AndTheLineAsAJsonString()
    {
        var formatter = new LokiRecordFormatter("loki", Options());
        var past = new DateTimeOffset(2019, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);

        var (_, ns, line, record) = Format(formatter, Some.Event(template: "Say \"{Word}\"\\ok", timestamp: past, properties: ("Word", "hi\tthere")));

        Assert.Equal(((past.UtcTicks - DateTime.UnixEpoch.Ticks) * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), ns);
        Assert.Equal("1551668767123456700", ns);
        using var envelope = JsonDocument.Parse(line);
        Assert.Equal("Say \"hi\tthere\"\\ok", envelope.RootElement.GetProperty("log").GetProperty("message").GetString());
        Assert.EndsWith("]\n", record, StringComparison.Ordinal);
        Assert.Equal(1, record.Count(c => c == '\t'));
        Assert.Equal(1, record.Count(c => c == '\n'));
    }

    [Fact]
    public void Labels_AreFixedLevelAndPropertyLabels_InNameOrder_AndAMissingOrNonScalarPropertyIsLeftOut()
    {
        var formatter = new LokiRecordFormatter("loki", Options(o =>
        {
            o.Labels["env"] = "prod";
            o.Labels["app"] = "shop";
            o.PropertiesAsLabels.Add("Region");
            o.PropertiesAsLabels.Add("Attempt");
            o.PropertiesAsLabels.Add("Cart");
        }));

        var full = Format(formatter, Some.Event(LogEventLevel.Warning, properties: new (string, object?)[] { ("Region", "eu-west"), ("Attempt", 3), ("Cart", new SequenceValue([])) }));
        var bare = Format(formatter, Some.Event(LogEventLevel.Warning, properties: ("Region", null)));

        Assert.StartsWith("{\"Attempt\":\"3\",\"Region\":\"eu-west\",\"app\":\"shop\",\"env\":\"prod\",\"level\":\"WARNING\"}\t", full.Record, StringComparison.Ordinal);
        Assert.StartsWith("{\"app\":\"shop\",\"env\":\"prod\",\"level\":\"WARNING\"}\t", bare.Record, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, null, "TRACE")]
    [InlineData(LogEventLevel.Information, null, "INFO")]
    [InlineData(LogEventLevel.Fatal, null, "CRITICAL")]
    [InlineData(LogEventLevel.Fatal, "AUDIT", "AUDIT")]
    [InlineData(LogEventLevel.Fatal, "SECURITY", "SECURITY")]
    public void TheLevelLabel_IsTheEnvelopesLevelName_AuditAndSecurityIncluded(LogEventLevel level, string? marker, string expected)
    {
        var formatter = new LokiRecordFormatter("loki", Options(o => o.LevelLabel = "severity"));
        var e = marker is null ? Some.Event(level) : Some.Event(level, properties: (FapilogProperties.Level, marker));

        Assert.Equal(expected, Format(formatter, e).Labels.GetProperty("severity").GetString());
    }

    [Fact]
    public void TheCardinalityGuard_KeepsTheFirstValues_AndSendsLaterNewOnesAsTheOverflowValue_CountingThem()
    {
        var formatter = new LokiRecordFormatter("loki", Options(o => { o.PropertiesAsLabels.Add("User"); o.MaxLabelValuesPerLabel = 3; }));

        var users = Enumerable.Range(1, 8).Select(n => Format(formatter, Some.Event(properties: ("User", "u" + (n % 5)))).Labels.GetProperty("User").GetString()).ToList();

        // u1, u2, u3 take the three places; u4 and u0 overflow; a known value keeps its own name afterwards.
        Assert.Equal(new[] { "u1", "u2", "u3", "__overflow__", "__overflow__", "u1", "u2", "u3" }, users);
        var guard = Assert.Single(formatter.Labels.PropertyLabels);
        Assert.Equal((3, 2L), (guard.Count, guard.Overflowed));
    }

    [Fact]
    public void ALongLabelValue_IsCutToTheLimit_WithoutSplittingASurrogatePair()
    {
        var formatter = new LokiRecordFormatter("loki", Options(o => { o.PropertiesAsLabels.Add("Path"); o.MaxLabelValueLength = 4; }));

        Assert.Equal("abcd", Format(formatter, Some.Event(properties: ("Path", "abcdefgh"))).Labels.GetProperty("Path").GetString());
        Assert.Equal("abc", Format(formatter, Some.Event(properties: ("Path", "abc\U0001F600z"))).Labels.GetProperty("Path").GetString());
    }

    [Fact]
    public void ClefLines_AreCarriedAsTheyAre()
    {
        var formatter = new LokiRecordFormatter("loki", Options(o => o.LineFormat = FapilogFormat.Clef));

        var (_, _, line, _) = Format(formatter, Some.Numbered(7));

        using var clef = JsonDocument.Parse(line);
        Assert.Equal(7, clef.RootElement.GetProperty("N").GetInt32());
        Assert.Equal("Event {N}", clef.RootElement.GetProperty("@mt").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("no tab here\n")]
    [InlineData("{\"a\":\"b\"}\tnot an entry\n")]
    public void TrySplit_RefusesBytesThatAreNotARecord(string bytes) =>
        Assert.False(LokiRecordFormatter.TrySplit(Encoding.UTF8.GetBytes(bytes), out _, out _));
}
