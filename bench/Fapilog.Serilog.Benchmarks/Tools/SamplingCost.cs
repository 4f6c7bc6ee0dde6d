using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Fapilog.Serilog.Benchmarks.Compare;
using Fapilog.Serilog.Benchmarks.Micro;
using Serilog;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// The writer's cost per event with a typical sampling configuration against none, in alternating rounds in one process.
/// Each round holds the writer (a gate stage), fills the queue with a level mix, opens the gate and times the writer
/// until a flush completes: writer time only, over a null sink, no caller in it.
/// </summary>
internal static class SamplingCost
{
    private const int EventsPerRound = 100_000;

    public static int Run(string[] rawArgs)
    {
        var args = RunnerArguments.Parse(rawArgs, defaultRounds: 11);
        var events = Workload();
        var typical = new FapilogSamplingOptions
        {
            LevelRates = { [FapilogLevel.Debug] = 0.1, [FapilogLevel.Information] = 0.5 },
            RateLimit = new FapilogRateLimitOptions { Limit = 100_000, Period = TimeSpan.FromSeconds(1) }, // a safety valve: looked up for every event, rarely hit
            DuplicateErrors = new FapilogDuplicateErrorOptions(),
        };
        using var none = new Contestant("no sampling", null);
        using var sampled = new Contestant("typical sampling", typical);
        none.Round(events); // warm-up
        sampled.Round(events);
        var a = new double[args.Rounds];
        var b = new double[args.Rounds];
        for (int r = 0; r < args.Rounds; r++)
        {
            a[r] = none.Round(events);
            b[r] = sampled.Round(events);
        }

        var inv = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine(inv, $"# Writer cost of sampling, alternating rounds, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine();
        report.AppendLine(MachineInfo.Describe());
        report.AppendLine();
        report.AppendLine(inv, $"{args.Rounds} rounds of {EventsPerRound:N0} queued events per pipeline (40 % Debug, 40 % Information over 8 templates, 15 % Warning, 5 % Error with one exception type), written by the held-then-released writer to a null sink. Typical: Debug 0.1, Information 0.5, rate limit 100 000/s per template (a safety valve, looked up for every event below Error), duplicate errors 1 min.");
        report.AppendLine();
        report.AppendLine("| pipeline | median writer ns/event | min | max | written per round |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine(inv, $"| {none.Name} | {Median(a):F1} | {a.Min():F1} | {a.Max():F1} | {none.WrittenPerRound:N0} |");
        report.AppendLine(inv, $"| {sampled.Name} | {Median(b):F1} | {b.Min():F1} | {b.Max():F1} | {sampled.WrittenPerRound:N0} |");
        report.AppendLine();
        report.AppendLine(inv, $"Ratio typical / none: **{Median(a.Zip(b, (x, y) => y / x)):F2}** (median of the paired rounds). Load average after the run: {MachineInfo.LoadAverage()}.");
        string text = report.ToString();
        Console.Write(text);
        args.SaveReport("sampling", text);
        return 0;
    }

    private static LogEvent[] Workload()
    {
        var parser = new MessageTemplateParser();
        var templates = Enumerable.Range(0, 8).Select(i => parser.Parse("Request " + i + " {Path} took {Ms} ms")).ToArray();
        var debug = parser.Parse("Cache {Key} miss");
        var warning = parser.Parse("Slow {Path}");
        var error = parser.Parse("Payment {OrderId} failed");
        var exception = new TimeoutException("slow");
        var events = new LogEvent[1_000];
        for (int i = 0; i < events.Length; i++)
        {
            int k = i % 20;
            var (level, template, ex) = k < 8 ? (LogEventLevel.Debug, debug, (Exception?)null)
                : k < 16 ? (LogEventLevel.Information, templates[i % 8], null)
                : k < 19 ? (LogEventLevel.Warning, warning, null)
                : (LogEventLevel.Error, error, exception);
            events[i] = new LogEvent(DateTimeOffset.UnixEpoch, level, ex, template, new[]
            {
                new LogEventProperty("Path", new ScalarValue("/orders/" + (i % 50))),
                new LogEventProperty("Ms", new ScalarValue(i % 100)),
                new LogEventProperty("Key", new ScalarValue(i)),
                new LogEventProperty("OrderId", new ScalarValue(i)),
            });
        }

        return events;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private static readonly LogEvent HoldEvent = new(DateTimeOffset.UnixEpoch, LogEventLevel.Fatal, null, new MessageTemplateParser().Parse("Hold"),
        new[] { new LogEventProperty(FapilogProperties.Level, new ScalarValue(FapilogProperties.AuditValue)) });

    private sealed class Contestant : IDisposable
    {
        private readonly Gate _gate = new();
        private readonly global::Serilog.Core.Logger _logger;
        private readonly FapilogPipeline _pipeline;
        private long _written;

        public Contestant(string name, FapilogSamplingOptions? sampling)
        {
            Name = name;
            var options = new FapilogPipelineOptions
            {
                Name = "sampling-" + name.Replace(' ', '-'),
                QueueLimit = EventsPerRound * 2,
                FullMode = QueueFullMode.Wait,
                MaxWait = Timeout.InfiniteTimeSpan,
                FlushOnProcessExit = false,
                Sampling = sampling,
                Stages = new IEventStage[] { _gate },
            };
            _logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Fapilog(wt => wt.Sink(new NullSink()), options, out _pipeline).CreateLogger();
        }

        public string Name { get; }

        public long WrittenPerRound { get; private set; }

        /// <summary>Writer ns per queued event for one round.</summary>
        public double Round(LogEvent[] events)
        {
            _gate.Close();
            _logger.Write(HoldEvent); // an AUDIT event: no sampling rule may take it out
            _gate.WaitHeld();
            for (int i = 1; i < EventsPerRound; i++)
            {
                _logger.Write(events[i % events.Length]);
            }

            long started = Stopwatch.GetTimestamp();
            _gate.Open();
            _pipeline.Flush(TimeSpan.FromMinutes(1));
            double ns = Stopwatch.GetElapsedTime(started).TotalNanoseconds / EventsPerRound;
            long written = _pipeline.GetStats().Written;
            WrittenPerRound = written - _written;
            _written = written;
            return ns;
        }

        public void Dispose() => _logger.Dispose();
    }

    /// <summary>The last stage: holds the writer at the first event that reaches it while closed.</summary>
    private sealed class Gate : IEventStage
    {
        private readonly ManualResetEventSlim _open = new(true);
        private readonly ManualResetEventSlim _held = new(false);

        public void Close()
        {
            _held.Reset();
            _open.Reset();
        }

        public void WaitHeld()
        {
            if (!_held.Wait(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("the writer never reached the gate");
            }
        }

        public void Open() => _open.Set();

        public bool Process(ref FapilogEvent e)
        {
            if (!_open.IsSet)
            {
                _held.Set();
                _open.Wait();
            }

            return true;
        }
    }
}
