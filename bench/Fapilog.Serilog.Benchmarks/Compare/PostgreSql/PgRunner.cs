using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using Fapilog.Serilog.PostgreSql;
using Npgsql;
using Serilog;
using Serilog.Core;

namespace Fapilog.Serilog.Benchmarks.Compare.PostgreSql;

/// <summary>
/// <c>compare-pg</c>: rows per second into PostgreSQL, end to end (from the first call until every row is committed),
/// for the PostgreSQL output (binary COPY; and with every batch through its deduplicating staging table, the cost of a
/// resend's path) against a naive writer that INSERTs each event. Rounds interleave the setups; the median round is
/// reported, and every row is counted in the table afterwards.
/// </summary>
internal static class PgRunner
{
    private const string Table = "bench_logs";

    public static int Run(RunnerArguments args)
    {
        string machine = MachineInfo.Describe();
        int events = args.Events;
        int naiveEvents = Math.Max(1000, events / 20);
        using var cluster = new PgCluster();
        var setups = new (string Name, Func<int, (double Rate, long Lost)> Measure, int Events)[]
        {
            ("(p) Fapilog -> PostgreSQL output (binary COPY)", n => MeasureOutput(cluster, n, alwaysDeduplicate: false), events),
            ("(d) Fapilog -> PostgreSQL output, every batch deduplicated (staging table + INSERT ... ON CONFLICT DO NOTHING)", n => MeasureOutput(cluster, n, alwaysDeduplicate: true), events),
            ("(n) naive writer: one prepared INSERT per event, autocommit, on the caller's thread", n => MeasureNaive(cluster, n, waitForFlush: true), naiveEvents),
            ("(m) the naive writer with synchronous_commit off for its session (no WAL flush per event: what is left is a round trip per event)", n => MeasureNaive(cluster, n, waitForFlush: false), naiveEvents * 4),
        };

        // A warm-up of each (JIT, the server's caches), not reported.
        foreach (var setup in setups)
        {
            setup.Measure(Math.Min(setup.Events, 2000));
        }

        var rounds = setups.Select(_ => new List<(double Rate, long Lost)>()).ToArray();
        for (int round = 0; round < args.Rounds; round++)
        {
            for (int s = 0; s < setups.Length; s++)
            {
                var result = setups[s].Measure(setups[s].Events);
                rounds[s].Add(result);
                Console.WriteLine(FormattableString.Invariant($"round {round + 1}: {setups[s].Name}: {result.Rate:N0} rows/s, lost {result.Lost}"));
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# PostgreSQL comparison, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine();
        report.AppendLine(machine).AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average at end: {MachineInfo.LoadAverage()}. PostgreSQL 15 on loopback, started by the run in a temporary folder with the server's default durability (fsync and synchronous_commit on). Every setup writes the same table layout with the same indexes (primary key on message_id, btree on timestamp, level, correlation_id, GIN on the envelope), emptied before each round. Workload: `Information(\"Order {{OrderId}} for {{Customer}} took {{Elapsed}} ms\", i, \"cust-\" + i % 100, 12.5)` from one thread; {events:N0} events per round for (p) and (d), {naiveEvents:N0} for (n) and {naiveEvents * 4:N0} for (m) (they are slow). Fapilog: pipeline in Wait mode, batches of 1,000 events or 1 s. End-to-end: until the logger's close returned (every batch committed); rows counted in the table afterwards (\"lost\" = events − rows). Median of {args.Rounds} interleaved rounds.").AppendLine();
        report.AppendLine("| setup | rows/s (median) | rounds rows/s | lost |").AppendLine("|---|---:|---|---:|");
        var medians = new double[setups.Length];
        for (int s = 0; s < setups.Length; s++)
        {
            var sorted = rounds[s].OrderBy(r => r.Rate).ToList();
            medians[s] = sorted[sorted.Count / 2].Rate;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {setups[s].Name} | {medians[s]:N0} | {string.Join(" / ", rounds[s].Select(r => r.Rate.ToString("N0", CultureInfo.InvariantCulture)))} | {rounds[s].Sum(r => r.Lost)} |");
        }

        report.AppendLine().AppendLine("| ratio | value |").AppendLine("|---|---:|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| (p) ÷ (n): the output against the naive writer | {medians[0] / medians[2]:N1}× |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| (p) ÷ (m): the output against the naive writer without a WAL flush per event | {medians[0] / medians[3]:N1}× |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| (d) ÷ (p): what deduplicating every batch would cost (the output does it only for a resent batch) | {medians[1] / medians[0]:N2}× |");
        Console.WriteLine();
        Console.WriteLine(report);
        args.SaveReport("compare-pg", report.ToString());
        return 0;
    }

    private static (double Rate, long Lost) MeasureOutput(PgCluster cluster, int events, bool alwaysDeduplicate)
    {
        ResetTable(cluster);
        var options = new FapilogPostgreSqlOptions
        {
            ConnectionString = cluster.ConnectionString,
            Table = Table,
            AlwaysDeduplicate = alwaysDeduplicate,
            CommandTimeout = TimeSpan.FromMinutes(5),
        };
        options.Delivery.BufferEventLimit = events + 10_000;
        options.Delivery.BufferBytesLimit = 4L * 1024 * 1024 * 1024;
        options.Delivery.CloseTimeout = TimeSpan.FromMinutes(10);
        options.Delivery.Spool = FapilogSpoolMode.Off;
        var pipeline = new FapilogPipelineOptions
        {
            FullMode = QueueFullMode.Wait,
            MaxWait = TimeSpan.FromSeconds(30),
            ShutdownTimeout = TimeSpan.FromMinutes(15),
            Name = "bench-pg",
        };
        var watch = Stopwatch.StartNew();
        using (var logger = new LoggerConfiguration().WriteTo.Fapilog(wt => wt.FapilogPostgreSql(options), pipeline).CreateLogger())
        {
            Produce(logger, events);
        }

        watch.Stop();
        return (events / watch.Elapsed.TotalSeconds, events - Count(cluster));
    }

    private static (double Rate, long Lost) MeasureNaive(PgCluster cluster, int events, bool waitForFlush)
    {
        ResetTable(cluster);
        string connectionString = cluster.ConnectionString + (waitForFlush ? string.Empty : ";Options=-c synchronous_commit=off");
        var watch = Stopwatch.StartNew();
        using (var sink = new NaiveInsertSink(connectionString, Table))
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            Produce(logger, events);
        }

        watch.Stop();
        return (events / watch.Elapsed.TotalSeconds, events - Count(cluster));
    }

    private static void Produce(Logger logger, int events)
    {
        for (int i = 0; i < events; i++)
        {
            logger.Information("Order {OrderId} for {Customer} took {Elapsed} ms", i, "cust-" + (i % 100).ToString(CultureInfo.InvariantCulture), 12.5);
        }
    }

    private static void ResetTable(PgCluster cluster)
    {
        using var connection = new NpgsqlConnection(cluster.ConnectionString);
        connection.Open();
        using (var drop = new NpgsqlCommand("DROP TABLE IF EXISTS " + Table, connection))
        {
            drop.ExecuteNonQuery();
        }

        using var create = new NpgsqlCommand(new LogTable("public", Table).CreateTableAndIndexes(), connection);
        create.ExecuteNonQuery();
        using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
        checkpoint.ExecuteNonQuery();
    }

    private static long Count(PgCluster cluster)
    {
        using var connection = new NpgsqlConnection(cluster.ConnectionString);
        connection.Open();
        using var count = new NpgsqlCommand("SELECT count(*) FROM " + Table, connection);
        return (long)count.ExecuteScalar()!;
    }
}
