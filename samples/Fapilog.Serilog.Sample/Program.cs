// README quick start: begin
using Fapilog.Serilog;
using Serilog;

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

Fapilog.Serilog.Sample.RunOutput.PrintLastLines("logs", count: 3);
