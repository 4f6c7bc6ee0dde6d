using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Serilog;
using Serilog.Core;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>
/// What one <c>Log.Information</c> costs the calling thread. The null sink is Serilog's front end alone (the
/// floor); Fapilog and Serilog.Sinks.Async both wrap a null sink, so their writers keep up and the numbers
/// are the enqueue path. Fapilog runs in Wait mode, so a writer that falls behind shows up as caller cost, never as cheap drops; its counters are printed at cleanup.
/// </summary>
[MemoryDiagnoser]
[MediumRunJob] // a caller difference of a few ns needs more than ShortRun's 3 iterations on a shared 2-core machine
public class CallerBenchmarks
{
    private Logger _null = null!;
    private Logger _fapilog = null!;
    private Logger _async = null!;
    private FapilogPipeline _pipeline = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _null = new LoggerConfiguration().WriteTo.Sink(new NullSink()).CreateLogger();
        _fapilog = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.Sink(new NullSink()), new FapilogPipelineOptions { Name = "caller-bench", FullMode = QueueFullMode.Wait, MaxWait = Timeout.InfiniteTimeSpan, FlushOnProcessExit = false }, out _pipeline)
            .CreateLogger();
        _async = new LoggerConfiguration().WriteTo.Async(a => a.Sink(new NullSink()), blockWhenFull: true).CreateLogger();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var stats = _pipeline.GetStats();
        Console.WriteLine($"// Fapilog pipeline after the run: {stats}");
        _null.Dispose();
        _fapilog.Dispose();
        _async.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Serilog, null sink")]
    public void NullSink() => _null.Information(BenchEvents.Template, _i++, "cust-0", 12.5);

    [Benchmark(Description = "WriteTo.Fapilog(null sink)")]
    public void Fapilog() => _fapilog.Information(BenchEvents.Template, _i++, "cust-0", 12.5);

    [Benchmark(Description = "WriteTo.Async(null sink)")]
    public void SinksAsync() => _async.Information(BenchEvents.Template, _i++, "cust-0", 12.5);
}
