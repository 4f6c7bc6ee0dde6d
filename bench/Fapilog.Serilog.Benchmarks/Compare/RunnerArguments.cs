using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>Command-line options shared by the tool modes: <c>--events</c>, <c>--warmup</c>, <c>--producers</c>, <c>--out</c>, <c>--only</c>, <c>--rounds</c>, <c>--queue</c>, <c>--work</c>, <c>--workload</c> (<c>compare</c> only).</summary>
internal sealed class RunnerArguments
{
    public int Events { get; private set; } = 1_000_000;

    public int WarmupEvents { get; private set; } = 200_000;

    public int[] Producers { get; private set; } = [1, 2];

    /// <summary>Interleaved rounds of all contenders per producer count; each is reported by its median round.</summary>
    public int Rounds { get; private set; } = 3;

    /// <summary>Where reports go: bench/results next to this project, found from the working directory.</summary>
    public string OutputDirectory { get; private set; } = DefaultResults();

    /// <summary>Contender letters to run (e.g. "ace"); empty runs all.</summary>
    public string Only { get; private set; } = string.Empty;

    /// <summary>
    /// The size of every bounded queue (Serilog.Sinks.Async's buffer, NLog's queue, ZLogger's background buffer,
    /// Fapilog's QueueLimit): the same for all, 10 000 by default (each library's default).
    /// </summary>
    public int QueueLimit { get; private set; } = 10_000;

    /// <summary>Events per second in all for a paced run (<c>--rate</c>, <c>compare-net</c> only); 0, the default, is flat out.</summary>
    public double Rate { get; private set; }

    /// <summary>The workloads <c>compare</c> runs, in order (<c>--workload orders|realistic|both</c>; both by default).</summary>
    public WorkloadKind[] Workloads { get; private set; } = [WorkloadKind.Orders, WorkloadKind.Realistic];

    /// <summary>Where contenders write their log files; deleted after each run.</summary>
    public string WorkDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "fapilog-bench-" + Environment.ProcessId);

    /// <summary>Parses the options; <paramref name="defaultRounds"/> applies when <c>--rounds</c> is not given.</summary>
    public static RunnerArguments Parse(string[] args, int defaultRounds = 3)
    {
        var parsed = new RunnerArguments { Rounds = defaultRounds };
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--events": parsed.Events = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": parsed.WarmupEvents = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--producers": parsed.Producers = value.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--out": parsed.OutputDirectory = Path.GetFullPath(value); break;
                case "--only": parsed.Only = value; break;
                case "--rounds": parsed.Rounds = Math.Max(1, int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--queue": parsed.QueueLimit = Math.Max(2, int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--rate": parsed.Rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--work": parsed.WorkDirectory = Path.GetFullPath(value); break;
                case "--workload": parsed.Workloads = ParseWorkloads(value); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return parsed;
    }

    /// <summary>Writes a report as <c>&lt;kind&gt;-&lt;UTC time&gt;.md</c> in <see cref="OutputDirectory"/> and says where.</summary>
    public void SaveReport(string kind, string report)
    {
        Directory.CreateDirectory(OutputDirectory);
        string file = Path.Combine(OutputDirectory, $"{kind}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(file, report);
        Console.WriteLine($"Report written to {file}");
    }

    private static WorkloadKind[] ParseWorkloads(string value) => value switch
    {
        "orders" => [WorkloadKind.Orders],
        "realistic" => [WorkloadKind.Realistic],
        "both" => [WorkloadKind.Orders, WorkloadKind.Realistic],
        _ => throw new ArgumentException($"--workload takes orders, realistic or both, not {value}"),
    };

    private static string DefaultResults()
    {
        // Walk up from the working directory to the repository's bench/ folder, so that the report lands in
        // bench/results whether the runner is started from the repo root or from the project folder.
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fapilog.Serilog.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "results");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "results");
    }
}
