using System;
using System.Globalization;
using System.Threading;
using Fapilog.Serilog.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

// Arguments: <log file> <bootstrap file or "-"> <producer threads>.
// Logs from the producer threads until the host signals stopping (SIGTERM), then prints "logged <n>" — every line
// it logged — and, after the host stopped, "closed <written> <dropped>" from the pipeline's stats.
string file = args[0];
string? bootstrapFile = args[1] == "-" ? null : args[1];
int producers = int.Parse(args[2], CultureInfo.InvariantCulture);

if (bootstrapFile is not null)
{
    Log.Logger = new LoggerConfiguration()
        .WriteTo.Fapilog(w => w.FapilogFile(bootstrapFile), name: "bootstrap")
        .CreateBootstrapLogger();
    Log.Information("bootstrap line {Seq}", 1);
}

var builder = WebApplication.CreateBuilder(Array.Empty<string>());
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddFapilog(FapilogPresets.Production(file), o =>
{
    o.Console = null;
    o.Pipeline.QueueLimit = 1_000; // small: the producers fill it and wait, which is what the shutdown must handle
    o.Pipeline.MaxWait = TimeSpan.FromSeconds(30); // producers wait for room rather than drop: loss would be the shutdown's
});

var app = builder.Build();
app.UseFapilog();
app.MapGet("/", () => "ok");

long logged = 0;
var stopping = app.Lifetime.ApplicationStopping;
var threads = new Thread[producers];
for (int t = 0; t < producers; t++)
{
    int id = t;
    threads[t] = new Thread(() =>
    {
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        for (long i = 0; !stopping.IsCancellationRequested; i++)
        {
            logger.Information("load {Producer} {Seq}", id, i);
            Interlocked.Increment(ref logged);
        }
    }) { IsBackground = true };
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var thread in threads)
    {
        thread.Start();
    }

    Console.WriteLine("ready");
});
app.Lifetime.ApplicationStopping.Register(() =>
{
    foreach (var thread in threads)
    {
        thread.Join();
    }

    Console.WriteLine("logged " + Interlocked.Read(ref logged).ToString(CultureInfo.InvariantCulture));
});

var hosted = app.Services.GetRequiredService<FapilogHostedPipeline>();
app.Run();

var stats = hosted.Pipeline!.GetStats();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"closed {stats.Written} {stats.Dropped} {stats.IsClosed}"));
Log.CloseAndFlush();
