using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Fapilog.Serilog.Outputs;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>
/// The writer thread's work per event for the file output: a 1 000-event batch (the default
/// BatchSizeLimit) formatted and handed to the OS in one write, reported per event.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class WriterBenchmarks
{
    private const int BatchSize = 1_000;
    private readonly FapilogEvent[] _batch = new FapilogEvent[BatchSize];
    private string _directory = null!;
    private RollingFileSink _sink = null!;

    [Params(FapilogFormat.Envelope, FapilogFormat.Clef)]
    public FapilogFormat Format { get; set; }

    /// <summary>File: the real output; Null: the same sink writing to Stream.Null, to separate formatting from I/O.</summary>
    [Params("File", "Null")]
    public string Target { get; set; } = "File";

    [GlobalSetup]
    public void Setup()
    {
        var logEvent = BenchEvents.Workload();
        for (int i = 0; i < BatchSize; i++)
        {
            _batch[i] = FapilogEvent.Standalone(logEvent);
        }

        _directory = Path.Combine(Path.GetTempPath(), "fapilog-writer-bench-" + Environment.ProcessId);
        _sink = FapilogOutputs.CreateFile(new FapilogFileOptions
        {
            Path = Path.Combine(_directory, "bench.jsonl"),
            Format = Format,
            FileSizeLimitBytes = null,
            RetainedFileCountLimit = 2,
            OpenStream = Target == "Null" ? _ => Stream.Null : null,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "RollingFileSink.EmitBatch, per event")]
    public void EmitBatch() => _sink.EmitBatch(_batch);
}
