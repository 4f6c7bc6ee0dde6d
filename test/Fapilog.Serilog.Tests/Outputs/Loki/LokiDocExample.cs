using System.Collections.Generic;
using Fapilog.Serilog;
using Serilog;

namespace DocExamples;

/// <summary>The code example of docs/outputs/loki.md, compiled here (never run: it logs to hosts named loki); <c>LokiDocsTests</c> checks the two agree.</summary>
internal static class LokiDocExample
{
    public static void Run()
    {
        // docs example: begin
        var loki = new FapilogLokiOptions
        {
            Url = "http://loki:3100",
            Tenant = "team-a",
            PropertiesAsLabels = { "Region" },
            Gzip = true,
        };
        loki.Labels["app"] = "shop";
        loki.Labels["env"] = "prod";

        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt =>
            {
                wt.FapilogLoki(loki);
                wt.FapilogLoki("http://loki-dr:3100", new Dictionary<string, string> { ["app"] = "shop" }, tenant: "team-a");
            })
            .CreateLogger();

        Log.ForContext("Region", "eu-west").Information("Order {OrderId} shipped", 42);
        Log.CloseAndFlush();
        // docs example: end
    }
}
