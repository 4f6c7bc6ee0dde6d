using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary>
/// What Seq receives is Serilog's own CLEF: each line of the request body is, byte for byte, what
/// Serilog.Formatting.Compact writes for the same event; and a gzipped body carries the same lines.
/// </summary>
public sealed class SeqClefTests : IAsyncLifetime
{
    private LoopbackSeq _seq = null!;

    public async Task InitializeAsync() => _seq = await LoopbackSeq.StartAsync();

    public async Task DisposeAsync() => await _seq.DisposeAsync();

    /// <summary>Events of every shape CLEF distinguishes, in the invariant culture's reach (see the README on culture).</summary>
    private static IReadOnlyList<LogEvent> Shapes()
    {
        var structure = new StructureValue(new[] { new LogEventProperty("X", new ScalarValue(1)), new LogEventProperty("Y", new ScalarValue("two")) }, "Point");
        var sequence = new SequenceValue(new LogEventPropertyValue[] { new ScalarValue(1), new ScalarValue(null), structure });
        var dictionary = new DictionaryValue(new[] { new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue("k"), new ScalarValue(true)) });
        var traced = new LogEvent(
            Some.Timestamp, LogEventLevel.Warning, null, new MessageTemplateParser().Parse("Traced {N}"),
            new[] { new LogEventProperty("N", new ScalarValue(9)) }, ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        return new[]
        {
            Some.Event(properties: ("Name", "alice")),
            Some.Event(LogEventLevel.Debug, "Debug {N}", properties: ("N", 1)),
            Some.Event(LogEventLevel.Error, "Failed {N}", new InvalidOperationException("boom \"quoted\"\nsecond line"), properties: ("N", 2)),
            Some.Event(LogEventLevel.Fatal, "{A:0.00} {B} {C:l} {D,5} {E:x4} {N}", properties: new (string, object?)[] { ("A", 1.5), ("B", 2), ("C", "lit"), ("D", 3), ("E", 255), ("N", 3) }),
            Some.Event(template: "Values {N}", properties: new (string, object?)[]
            {
                ("N", 4), ("L", 2L), ("Dbl", 0.25), ("M", 1.50m), ("B", false), ("Nul", null), ("G", new Guid("11111111-2222-3333-4444-555555555555")),
                ("Dt", new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc)), ("Dto", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1))),
                ("Ts", TimeSpan.FromSeconds(90)), ("En", DayOfWeek.Monday), ("S", "tab\there \"q\" \\ caf\u00e9"), ("@odd", 1),
            }),
            Some.Event(template: "Nested {N} {@P} {Seq} {Dict}", properties: new (string, object?)[] { ("N", 5), ("P", structure), ("Seq", sequence), ("Dict", dictionary) }),
            Some.Audit(6),
            traced,
        };
    }

    [Theory]
    [InlineData(FapilogFormat.Clef)]
    [InlineData(FapilogFormat.RenderedClef)]
    public void EachLineSeqReceives_IsByteForByteWhatSerilogFormattingCompactWrites(FapilogFormat format)
    {
        var events = Shapes();
        var options = SeqOutputTests.FastOptions(_seq.Url.ToString(), d => d.BatchTimeLimit = TimeSpan.FromMinutes(1));
        options.Format = format;
        var output = SeqOutputTests.Create(options);

        output.EmitBatch(Batches.Of(events.ToArray()));
        output.Dispose();

        var expected = events.Select(e => (format == FapilogFormat.Clef ? Reference.Clef(e) : Reference.RenderedClef(e)).Text!.TrimEnd('\r', '\n'));
        Assert.Equal(expected, _seq.Lines);
        Assert.Equal(events.Count, output.Snapshot().Delivered);
    }

    [Fact]
    public void Compress_GzipsTheBody_AndADecompressingProxyInFrontOfSeq_ReadsTheSameLines()
    {
        _seq.DecompressesGzip = true;
        var events = Shapes();
        var options = SeqOutputTests.FastOptions(_seq.Url.ToString(), d => d.BatchTimeLimit = TimeSpan.FromMinutes(1));
        options.Compress = true;
        var output = SeqOutputTests.Create(options);

        output.EmitBatch(Batches.Of(events.ToArray()));
        output.Dispose();

        var payload = Assert.Single(_seq.Payloads);
        Assert.Equal("gzip", payload.Headers["Content-Encoding"]);
        Assert.Equal(events.Select(e => Reference.Clef(e).Text!.TrimEnd('\r', '\n')), _seq.Lines);
    }

    [Fact]
    public void Compress_AgainstSeqItself_WhichDoesNotDecompress_IsRefusedWith400_AndSaysWhy()
    {
        var options = SeqOutputTests.FastOptions(_seq.Url.ToString());
        options.Compress = true;
        var output = SeqOutputTests.Create(options);

        output.EmitBatch(Batches.Numbered(1, 5));
        output.Dispose();

        Assert.Empty(_seq.Payloads);
        var stats = output.Snapshot();
        Assert.Equal(5, stats.LossFor(DeliveryLoss.Rejected));
        Assert.StartsWith("HTTP 400", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("Invalid data on line 1", stats.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5341", "http://127.0.0.1:5341/ingest/clef")]
    [InlineData("http://127.0.0.1:5341/", "http://127.0.0.1:5341/ingest/clef")]
    [InlineData("https://logs.example.test/seq", "https://logs.example.test/seq/ingest/clef")]
    [InlineData("https://logs.example.test/seq/", "https://logs.example.test/seq/ingest/clef")]
    public void TheIngestionUrl_IsUnderTheBaseAddress_WithOrWithoutATrailingSlash(string url, string expected)
        => Assert.Equal(expected, new FapilogSeqOptions { Url = url }.IngestionUrl().ToString());
}
