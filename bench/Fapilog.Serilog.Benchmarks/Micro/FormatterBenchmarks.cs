using System;
using System.Buffers;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs.Otlp;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>
/// One workload event formatted to UTF-8 the way the writer does it: into a reused buffer. Serilog's own
/// <c>JsonFormatter(renderMessage: true)</c> into a reused <see cref="StreamWriter"/> is the reference.
/// Line lengths are printed at setup (the bytes each format puts on disk per event).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FormatterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly IUtf8EventFormatter _envelope = new FapilogEnvelopeFormatter();
    private readonly IUtf8EventFormatter _clef = new ClefFormatter();
    private readonly IUtf8EventFormatter _renderedClef = new RenderedClefFormatter();
    private readonly IUtf8EventFormatter _otlpProtobuf = new OtlpProtobufFormatter(includeMessageTemplate: true);
    private readonly IUtf8EventFormatter _otlpJson = new OtlpJsonFormatter(includeMessageTemplate: true);
    private readonly JsonFormatter _serilogJson = new(renderMessage: true);
    private readonly MemoryStream _stream = new(64 * 1024);
    private StreamWriter _writer = null!;
    private FapilogEvent _event;

    [GlobalSetup]
    public void Setup()
    {
        _event = new FapilogEvent(BenchEvents.Workload(), 1, FapilogLevel.Information, Guid.NewGuid());
        _writer = new StreamWriter(_stream, new UTF8Encoding(false), 64 * 1024);
        Console.WriteLine($"// line bytes: envelope {Length(Envelope)}, CLEF {Length(Clef)}, rendered CLEF {Length(RenderedClef)}, OTLP protobuf {Length(OtlpProtobuf)}, OTLP JSON {Length(OtlpJson)}, Serilog JsonFormatter {SerilogJsonLength()}");
    }

    [Benchmark(Description = "FapilogEnvelopeFormatter (UTF-8)")]
    public int Envelope()
    {
        _buffer.ResetWrittenCount();
        _envelope.Format(in _event, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "ClefFormatter (UTF-8)")]
    public int Clef()
    {
        _buffer.ResetWrittenCount();
        _clef.Format(in _event, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "RenderedClefFormatter (UTF-8)")]
    public int RenderedClef()
    {
        _buffer.ResetWrittenCount();
        _renderedClef.Format(in _event, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "OTLP LogRecord, protobuf (the OTLP output's record)")]
    public int OtlpProtobuf()
    {
        _buffer.ResetWrittenCount();
        _otlpProtobuf.Format(in _event, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "OTLP LogRecord, JSON")]
    public int OtlpJson()
    {
        _buffer.ResetWrittenCount();
        _otlpJson.Format(in _event, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true, Description = "Serilog JsonFormatter(renderMessage) -> StreamWriter")]
    public long SerilogJson()
    {
        _stream.Position = 0;
        _serilogJson.Format(_event.LogEvent, _writer);
        _writer.Flush();
        return _stream.Position;
    }

    private static int Length(Func<int> format) => format();

    private long SerilogJsonLength() => SerilogJson();
}
