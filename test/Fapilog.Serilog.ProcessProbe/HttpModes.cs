using System;
using System.Globalization;
using System.Threading;
using Serilog;

namespace Fapilog.Serilog.ProcessProbe;

/// <summary>
/// Usage: <c>ProcessProbe http-kill|http-replay SPOOL_FOLDER COUNT URL FROM SPOOL_MODE</c>. Logs COUNT events numbered
/// from FROM (every fifth an Error, so protected) through the HTTP output with its spool in SPOOL_FOLDER:
/// <list type="bullet">
/// <item><c>http-kill</c>: flushes the pipeline (the events are then in the spool, on disk), prints <c>flushed</c> and
/// blocks until the test kills it.</item>
/// <item><c>http-replay</c>: closes the logger (<c>Log.CloseAndFlush()</c>), which delivers what the spool held from
/// before and the new events, and exits.</item>
/// </list>
/// </summary>
internal static class HttpModes
{
    public static int Run(string[] args)
    {
        string mode = args[0];
        int count = int.Parse(args[2], CultureInfo.InvariantCulture);
        int from = int.Parse(args[4], CultureInfo.InvariantCulture);
        var options = new FapilogHttpOptions { Url = args[3], Format = FapilogFormat.Clef, RequestTimeout = TimeSpan.FromSeconds(5) };
        var d = options.Delivery;
        d.Spool = Enum.Parse<FapilogSpoolMode>(args[5]);
        d.SpoolDirectory = args[1];
        d.MinRetryDelay = TimeSpan.FromMilliseconds(10);
        d.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
        d.BatchTimeLimit = TimeSpan.FromMilliseconds(20);
        d.CloseTimeout = TimeSpan.FromSeconds(30);

        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogHttp(options), new FapilogPipelineOptions { Name = "probe", ShutdownTimeout = TimeSpan.FromSeconds(40) })
            .CreateLogger();

        for (int n = from; n < from + count; n++)
        {
            if (n % 5 == 0)
            {
                Log.Error("Event {N}", n);
            }
            else
            {
                Log.Information("Event {N}", n);
            }
        }

        if (mode == "http-replay")
        {
            Log.CloseAndFlush();
            return 0;
        }

        var flushed = FapilogPipelines.Get("probe").Flush(TimeSpan.FromMinutes(1));
        Console.Out.WriteLine(flushed.TimedOut ? "flush timed out" : "flushed");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite); // the test kills the process (SIGKILL) now
        return 3;
    }
}
