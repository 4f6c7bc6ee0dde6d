using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Fapilog.Serilog.Outputs;
using Serilog.Events;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>
/// The writer thread's cost per event with redaction and without, on the comparison workload's event: the
/// writer-side stages over a 1 000-event batch, then the file output's <c>EmitBatch</c> of it (what the writer does
/// per batch besides stamping), reported per event. <c>None</c> runs no stage (redaction off); <c>Default</c> runs
/// the default Credentials preset over the workload's event, which has nothing to mask; <c>DefaultHit</c> adds a
/// <c>Password</c> property to every event, so that each one is copied (the cost when something is redacted).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RedactionBenchmarks
{
    private const int BatchSize = 1_000;
    private readonly FapilogEvent[] _source = new FapilogEvent[BatchSize];
    private readonly FapilogEvent[] _batch = new FapilogEvent[BatchSize];
    private EventStages _stages = null!;
    private string _directory = null!;
    private RollingFileSink _sink = null!;

    [Params(FapilogFormat.Envelope, FapilogFormat.Clef)]
    public FapilogFormat Format { get; set; }

    [Params("None", "Default", "DefaultHit")]
    public string Redaction { get; set; } = "None";

    [GlobalSetup]
    public void Setup()
    {
        var logEvent = BenchEvents.Workload();
        if (Redaction == "DefaultHit")
        {
            logEvent = BenchEvents.Copy(logEvent);
            logEvent.AddOrUpdateProperty(new LogEventProperty("Password", new ScalarValue("hunter2")));
        }

        for (int i = 0; i < BatchSize; i++)
        {
            _source[i] = FapilogEvent.Standalone(logEvent);
        }

        var options = new FapilogPipelineOptions { Redaction = Redaction == "None" ? FapilogRedactionOptions.Disabled : new FapilogRedactionOptions() };
        _stages = new EventStages(RedactionStage.Append(options.Stages, options.Redaction, new PipelineCounters()));
        _directory = Path.Combine(Path.GetTempPath(), "fapilog-redaction-bench-" + Environment.ProcessId);
        _sink = FapilogOutputs.CreateFile(new FapilogFileOptions
        {
            Path = Path.Combine(_directory, "bench.jsonl"),
            Format = Format,
            FileSizeLimitBytes = null,
            RetainedFileCountLimit = 2,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "stages + RollingFileSink.EmitBatch, per event")]
    public void StagesAndEmit()
    {
        Array.Copy(_source, _batch, BatchSize);
        if (_stages.Any)
        {
            _stages.Run(_batch, BatchSize, out _, out _);
        }

        _sink.EmitBatch(_batch);
    }
}
