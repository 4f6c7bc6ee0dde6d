using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog;
using Fapilog.Serilog.Enrichers;
using Fapilog.Serilog.Outputs;
using Serilog;

namespace Fapilog.Serilog.Sample;

/// <summary>
/// The README's quick start, runnable: envelope lines to a rotating file and pretty lines to the console,
/// both written by one pipeline's writer thread; then the envelope lines the run wrote.
/// </summary>
internal static class Program
{
    private static void Main()
    {
        string folder = Path.Combine(Path.GetTempPath(), "fapilog-sample-" + Environment.ProcessId);

        // README quick start: begin
        Log.Logger = new LoggerConfiguration()
            .Enrich.WithFapilog(service: "shop", environment: "demo")
            .WriteTo.Fapilog(wt =>
            {
                wt.FapilogFile(Path.Combine(folder, "app.jsonl"));
                wt.FapilogConsole(FapilogConsoleFormat.Pretty);
            })
            .CreateLogger();

        using (FapilogContext.BindIdentity(requestId: "req-7f3a", userId: "alice"))
        using (FapilogContext.BeginCorrelation())
        {
            var orders = Log.ForContext("SourceContext", "Shop.Orders");
            orders.Information("Order {OrderId} shipped to {Customer} in {Elapsed} ms", 42, "alice", 12.5);
            orders.Audit("User {User} exported {Rows} rows", "alice", 1200);
        }

        Log.Warning("Disk {Drive} is {Percent}% full", "/var", 91);
        Log.CloseAndFlush();
        // README quick start: end

        Console.WriteLine();
        foreach (string file in Directory.GetFiles(folder, "app*.jsonl").OrderBy(f => f, StringComparer.Ordinal))
        {
            Console.WriteLine($"--- {file}");
            foreach (string line in File.ReadLines(file))
            {
                Console.WriteLine(line);
            }
        }
    }
}
