using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs.Elasticsearch;
using Fapilog.Serilog.Outputs.Loki;
using Fapilog.Serilog.Outputs.Otlp;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// The network outputs' record formatters run on the pipeline's writer thread: for every hostile event of the corpus
/// (lone surrogates, NaN, extreme timestamps, deep nesting, huge strings, throwing ToString) each must write a record,
/// without throwing, that its transport can use as it is.
/// </summary>
public sealed class NetworkRecordCorpusTests
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    private static List<LogEvent> Corpus()
    {
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        AdversarialCorpus.WriteTo(logger, 1500, hugeStrings: 1);
        return sink.Events.ToList();
    }

    private static IEnumerable<(int Index, byte[] Record)> Records(IUtf8EventFormatter formatter, List<LogEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var logEvent = events[i];
            var exception = Record.Exception(() => formatter.Format(new FapilogEvent(logEvent, i, LevelClassifier.Classify(logEvent), Formatted.MessageId), buffer));
            Assert.True(exception is null, $"event {i} ({logEvent.MessageTemplate.Text}): {exception}");
            yield return (i, buffer.WrittenSpan.ToArray());
        }
    }

    [Theory]
    [InlineData(FapilogFormat.Envelope)]
    [InlineData(FapilogFormat.Clef)]
    public void LokiRecords_ForTheHostileCorpus_AreLabelsAndAnEntry_InStrictJson(FapilogFormat lineFormat)
    {
        var options = new FapilogLokiOptions { Url = "http://127.0.0.1:9/", LineFormat = lineFormat };
        options.PropertiesAsLabels.Add("SourceContext");
        options.PropertiesAsLabels.Add("ServiceName");
        options.PropertiesAsLabels.Add("Tags");
        options.PropertiesAsLabels.Add("ToStringThrows");
        options.PropertiesAsLabels.Add("FormattableThrows");
        options.PropertiesAsLabels.Add("Value"); // a huge string once, and a throwing ToString captured by Serilog
        using var formatter = new LokiRecordFormatter("loki", options);

        foreach (var (i, record) in Records(formatter, Corpus()))
        {
            Assert.True(LokiRecordFormatter.TrySplit(record, out var labels, out var entry), $"event {i}");
            using var labelSet = JsonDocument.Parse(Strict.GetString(labels));
            Assert.All(labelSet.RootElement.EnumerateObject(), label => Assert.Equal(JsonValueKind.String, label.Value.ValueKind));
            using var values = JsonDocument.Parse(Strict.GetString(entry));
            Assert.Equal(2, values.RootElement.GetArrayLength());
            Assert.True(ulong.TryParse(values.RootElement[0].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out _), $"event {i}: timestamp '{values.RootElement[0].GetString()}' is not Unix nanoseconds");
            using var line = JsonDocument.Parse(values.RootElement[1].GetString()!);
        }
    }

    [Theory]
    [InlineData(null, "logs-fapilog-default")]
    [InlineData("logs-{0:yyyy.MM.dd}", null)]
    public void BulkRecords_ForTheHostileCorpus_AreAnActionLineAndADocumentLine(string? index, string? dataStream)
    {
        var options = new FapilogElasticsearchOptions { Url = "http://127.0.0.1:9/", Index = index, DataStream = dataStream, Operation = FapilogElasticsearchOperation.Create };
        var formatter = new BulkRecordFormatter(FormatterFactory.Create(options.Format), options.Target, options.Operation, options.SetDocumentIds);

        foreach (var (i, record) in Records(formatter, Corpus()))
        {
            var lines = Strict.GetString(record).Split('\n');
            Assert.True(lines.Length == 3 && lines[2].Length == 0, $"event {i}: {lines.Length} lines");
            using var action = JsonDocument.Parse(lines[0]);
            using var document = JsonDocument.Parse(lines[1]);
            Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("@timestamp").ValueKind);
        }
    }

    [Fact]
    public void OtlpJsonRecords_ForTheHostileCorpus_AreStrictJsonObjects()
    {
        foreach (var (i, record) in Records(new OtlpJsonFormatter(includeMessageTemplate: true), Corpus()))
        {
            using var document = JsonDocument.Parse(Strict.GetString(record));
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }
    }

    [Fact]
    public void OtlpProtobufRecords_ForTheHostileCorpus_DecodeAsLogRecords()
    {
        foreach (var (i, record) in Records(new OtlpProtobufFormatter(includeMessageTemplate: true), Corpus()))
        {
            var decoded = OtlpDecoder.LogRecord(record);
            Assert.True(decoded is not null, $"event {i}");
        }
    }

    [Fact]
    public void LokiLabel_FromAValueWhoseTryFormatNeverFits_IsWritten_WithABoundedScratch()
    {
        var options = new FapilogLokiOptions { Url = "http://127.0.0.1:9/" };
        options.PropertiesAsLabels.Add("Odd");
        using var formatter = new LokiRecordFormatter("loki", options);
        var logEvent = new LogEvent(
            DateTimeOffset.UnixEpoch.AddDays(1), LogEventLevel.Information, null, new global::Serilog.Parsing.MessageTemplateParser().Parse("x"),
            new[] { new LogEventProperty("Odd", new ScalarValue(new NeverFits())) });

        var record = Records(formatter, new List<LogEvent> { logEvent }).Single().Record;

        Assert.True(LokiRecordFormatter.TrySplit(record, out var labels, out _));
        Assert.Contains("\"Odd\":\"never fits\"", Strict.GetString(labels), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(-1L, 0L)]
    [InlineData(1L, 100L)]
    public void LokiTimestamps_AreUnixNanoseconds_ClampedToInt64(long ticksSinceEpoch, long expected)
    {
        Assert.Equal(expected, LokiRecordFormatter.UnixNanoseconds(DateTimeOffset.UnixEpoch.AddTicks(ticksSinceEpoch)));
        Assert.Equal(0L, LokiRecordFormatter.UnixNanoseconds(DateTimeOffset.MinValue));
        Assert.Equal(long.MaxValue, LokiRecordFormatter.UnixNanoseconds(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void OtlpTimestamps_OutsideFixed64_AreClamped_NotWrapped()
    {
        Assert.Equal(0UL, OtlpMapping.UnixNanos(DateTimeOffset.MinValue));
        Assert.Equal(100UL, OtlpMapping.UnixNanos(DateTimeOffset.UnixEpoch.AddTicks(1)));
        Assert.Equal(ulong.MaxValue, OtlpMapping.UnixNanos(DateTimeOffset.MaxValue));
    }

    private sealed class NeverFits : ISpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            charsWritten = 0;
            return false;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => "never fits";

        public override string ToString() => "never fits";
    }
}
