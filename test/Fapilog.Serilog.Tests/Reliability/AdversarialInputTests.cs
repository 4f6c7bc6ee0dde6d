using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// 100 000 hostile events through the whole stack: Serilog's front end, the pipeline, the three formatters on both
/// paths (UTF-8 into the real file output, and <see cref="ITextFormatter"/>). Every line must be strict UTF-8 JSON,
/// every envelope line must validate against the schema, and every event must come out as exactly one line.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class AdversarialInputTests : IDisposable
{
    private const int Events = 100_000;
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void HostileCorpus_EveryEventIsOneValidJsonLine_InEveryFormat_OnBothPaths()
    {
        var counter = new CountingSink();
        var textPaths = new[]
        {
            new TextPathSink(new FapilogEnvelopeFormatter()),
            new TextPathSink(new ClefFormatter()),
            new TextPathSink(new RenderedClefFormatter()),
        };
        var options = new FapilogPipelineOptions
        {
            Name = "corpus-" + Guid.NewGuid().ToString("N")[..8],
            FlushOnProcessExit = false,
            FullMode = QueueFullMode.Wait, // nothing may be dropped: every event must come out
            MaxWait = System.Threading.Timeout.InfiniteTimeSpan,
            ProtectedMaxWait = System.Threading.Timeout.InfiniteTimeSpan,
            ShutdownTimeout = TimeSpan.FromMinutes(5),
        };
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(
                wt =>
                {
                    wt.FapilogFile(File("envelope.jsonl"), FapilogFormat.Envelope, FapilogRollingInterval.Infinite, fileSizeLimitBytes: null);
                    wt.FapilogFile(File("clef.jsonl"), FapilogFormat.Clef, FapilogRollingInterval.Infinite, fileSizeLimitBytes: null);
                    wt.FapilogFile(File("rendered.jsonl"), FapilogFormat.RenderedClef, FapilogRollingInterval.Infinite, fileSizeLimitBytes: null);
                    foreach (var sink in textPaths)
                    {
                        wt.Sink(sink);
                    }

                    wt.Sink(counter);
                },
                options,
                out var pipeline)
            .CreateLogger();

        int made = AdversarialCorpus.WriteTo(logger, Events);
        var result = pipeline.Close();

        var stats = result.Stats;
        Assert.False(result.TimedOut);
        Assert.True(made >= Events * 0.95, $"only {made} of {Events} calls make an event");
        Assert.Equal(made, stats.Received);
        Assert.Equal(made, counter.Count);
        Assert.Equal(0, stats.Dropped);
        Assert.Equal(0, stats.Failed);
        Assert.Equal(stats.Received, stats.Written);
        foreach (var sink in textPaths)
        {
            Assert.True(sink.FirstFailure is null, sink.FirstFailure);
            Assert.Equal(stats.Written, sink.Lines);
        }

        string envelope = AssertEveryLineIsJson(File("envelope.jsonl"), stats.Written);
        AssertEveryLineIsJson(File("clef.jsonl"), stats.Written);
        AssertEveryLineIsJson(File("rendered.jsonl"), stats.Written);
        var (valid, report) = SchemaValidator.Validate(SchemaValidator.EnvelopeSchema, envelope);
        Assert.True(valid, report.Length > 4000 ? report[..4000] : report);
    }

    [Fact]
    public void CyclicGraphUnderDestructuring_IsCutBySerilogsDepthLimit_AndTheLineIsReadableWithDefaultReaderSettings()
    {
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        logger.Information("Cycle {@Node} {@List}", AdversarialCorpus.Node.Cycle(1), new List<object> { 1, new List<object>() });

        var line = Formatted.Utf8(new FapilogEnvelopeFormatter(), sink.Events.Single());

        using var document = JsonDocument.Parse(line); // default settings: at most 64 levels
        var node = document.RootElement.GetProperty("log").GetProperty("data").GetProperty("Node");
        int depth = 0;
        while (node.ValueKind == JsonValueKind.Object && node.TryGetProperty("Next", out var next))
        {
            node = next;
            depth++;
        }

        Assert.InRange(depth, 1, 10); // Serilog's default MaximumDestructuringDepth
    }

    [Fact]
    public void ValueNestedFarDeeperThanReadersAccept_IsCut_SoTheLineParsesWithDefaultReaderSettings()
    {
        LogEventPropertyValue value = new ScalarValue(1);
        for (int i = 0; i < 500; i++)
        {
            value = i % 2 == 0 ? new SequenceValue(new[] { value }) : new StructureValue(new[] { new LogEventProperty("In", value) });
        }

        var logEvent = Some.Event(template: "{Deep}", properties: ("Deep", value));
        foreach (var formatter in new IUtf8EventFormatter[] { new FapilogEnvelopeFormatter(), new ClefFormatter(), new RenderedClefFormatter() })
        {
            string line = Formatted.Utf8(formatter, logEvent);
            Assert.Contains("<depth limit reached>", line, StringComparison.Ordinal);
            using var document = JsonDocument.Parse(line);
        }
    }

    private string File(string name) => Path.Combine(_tmp.Path, name);

    /// <summary>Strict UTF-8, one JSON object per line, <paramref name="expected"/> lines. Returns the text.</summary>
    private static string AssertEveryLineIsJson(string path, long expected)
    {
        string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(System.IO.File.ReadAllBytes(path));
        Assert.EndsWith("\n", text);
        long lines = 0;
        foreach (var line in text.AsSpan(0, text.Length - 1).EnumerateLines())
        {
            lines++;
            try
            {
                using var doc = JsonDocument.Parse(line.ToString());
                Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            }
            catch (JsonException ex)
            {
                Assert.Fail($"{Path.GetFileName(path)} line {lines}: {ex.Message}\n{Cut(line.ToString())}");
            }
        }

        Assert.Equal(expected, lines);
        return text;
    }

    private static string Cut(string line) => line.Length > 2000 ? line[..2000] + "…" : line;

    private sealed class CountingSink : ILogEventSink
    {
        public long Count { get; private set; }

        public void Emit(LogEvent logEvent) => Count++;
    }

    /// <summary>The <see cref="ITextFormatter"/> path, checked line by line on the writer thread.</summary>
    private sealed class TextPathSink : ILogEventSink
    {
        private readonly ITextFormatter _formatter;
        private readonly StringWriter _line = new(System.Globalization.CultureInfo.InvariantCulture);

        public TextPathSink(ITextFormatter formatter) => _formatter = formatter;

        public long Lines { get; private set; }

        public string? FirstFailure { get; private set; }

        public void Emit(LogEvent logEvent)
        {
            _line.GetStringBuilder().Clear();
            try
            {
                _formatter.Format(logEvent, _line);
                string text = _line.ToString();
                if (!text.EndsWith('\n') || text.IndexOf('\n', StringComparison.Ordinal) != text.Length - 1)
                {
                    throw new InvalidDataException("not exactly one line");
                }

                using var doc = JsonDocument.Parse(text);
                Lines++;
            }
            catch (Exception ex)
            {
                FirstFailure ??= $"{_formatter.GetType().Name}: {ex.GetType().Name}: {ex.Message}\n{Cut(_line.ToString())}";
            }
        }
    }
}
