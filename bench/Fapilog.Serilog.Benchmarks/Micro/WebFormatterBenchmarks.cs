using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using Fapilog.Serilog.Formatting;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>
/// The writer's formatting of one <c>compare-web</c> request (<see cref="WebEvents"/>: five API lines from
/// <c>ILogger&lt;T&gt;</c> inside Kestrel's scope with a bound request context, and the completion event), against
/// Serilog's <c>JsonFormatter(renderMessage: true)</c> into a reused <see cref="StreamWriter"/>, the formatter of the
/// web comparison's Serilog.Sinks.Async setup. Per request (six events); line bytes are printed at setup.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class WebFormatterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly IUtf8EventFormatter _envelope = new FapilogEnvelopeFormatter();
    private readonly IUtf8EventFormatter _clef = new ClefFormatter();
    private readonly JsonFormatter _serilogJson = new(renderMessage: true);
    private readonly MemoryStream _stream = new(64 * 1024);
    private StreamWriter _writer = null!;
    private FapilogEvent[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        var list = new List<FapilogEvent>();
        foreach (var logEvent in WebEvents.Request())
        {
            list.Add(new FapilogEvent(logEvent, list.Count + 1, FapilogLevel.Information, Guid.CreateVersion7()));
        }

        _events = list.ToArray();
        _writer = new StreamWriter(_stream, new UTF8Encoding(false), 64 * 1024);
        Console.WriteLine($"// request bytes: envelope {Envelope()}, CLEF {Clef()}, Serilog JsonFormatter {SerilogJson()}");
    }

    [Benchmark(Description = "FapilogEnvelopeFormatter, one request's six events")]
    public int Envelope()
    {
        _buffer.ResetWrittenCount();
        for (int i = 0; i < _events.Length; i++)
        {
            _envelope.Format(in _events[i], _buffer);
        }

        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "ClefFormatter, one request's six events")]
    public int Clef()
    {
        _buffer.ResetWrittenCount();
        for (int i = 0; i < _events.Length; i++)
        {
            _clef.Format(in _events[i], _buffer);
        }

        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true, Description = "Serilog JsonFormatter(renderMessage) -> StreamWriter, six events")]
    public long SerilogJson()
    {
        _stream.Position = 0;
        for (int i = 0; i < _events.Length; i++)
        {
            _serilogJson.Format(_events[i].LogEvent, _writer);
        }

        _writer.Flush();
        return _stream.Position;
    }
}
