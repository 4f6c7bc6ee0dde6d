using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Enrichers;
using Fapilog.Serilog.Outputs;
using Serilog;

namespace Fapilog.Serilog.Sample;

/// <summary>
/// The README's quick start, runnable: envelope lines to a rotating file under <c>logs/</c> and pretty lines to
/// the console, both written by one pipeline's writer thread; then the envelope lines this run wrote.
/// </summary>
internal static class Program
{
    private static void Main()
    {
        // README quick start: begin
        Log.Logger = new LoggerConfiguration()
            .Enrich.WithFapilog(service: "shop", environment: "demo")
            .WriteTo.Fapilog(wt =>
            {
                wt.FapilogFile("logs/app.jsonl");                 // envelope v1.1, rolled daily and at 100 MiB
                wt.FapilogConsole(FapilogConsoleFormat.Pretty);
            })
            .CreateLogger();

        using (FapilogContext.BindIdentity(requestId: "req-7f3a", userId: "alice"))
        {
            var orders = Log.ForContext("SourceContext", "Shop.Orders");
            orders.Information("Order {OrderId} shipped to {Customer} in {Elapsed} ms", 42, "alice", 12.5);
            orders.Audit("User {User} exported {Rows} rows", "alice", 1200);
        }

        Log.Warning("Disk {Drive} is {Percent}% full", "/var", 91);
        Log.CloseAndFlush();
        // README quick start: end

        // A restart appends to the current file, so show only this run's three lines.
        string file = Directory.GetFiles("logs", "app*.jsonl").OrderBy(f => File.GetLastWriteTimeUtc(f)).Last();
        Console.WriteLine();
        Console.WriteLine($"--- last lines of {file}");
        foreach (string line in File.ReadLines(file).TakeLast(3))
        {
            Console.WriteLine(line);
        }
    }
}
