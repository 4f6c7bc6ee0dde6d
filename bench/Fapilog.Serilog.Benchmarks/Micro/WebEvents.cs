using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>
/// The six events of one <c>compare-web</c> request, built the way the web server builds them: the five API lines
/// through <see cref="Microsoft.Extensions.Logging.ILogger"/> and Serilog's provider, inside Kestrel's logging scope
/// (<c>ConnectionId</c>, <c>RequestPath</c>, <c>RequestId</c>), with a bound Fapilog request context and an Activity;
/// and the completion event with the properties of <c>UseFapilog</c>'s request logging.
/// </summary>
internal static class WebEvents
{
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, int, string, Exception?> s_loading =
        LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(1404011351, "Loading"), "Loading order {OrderId} for {Customer}");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, int, double, Exception?> s_cache =
        LoggerMessage.Define<string, int, double>(LogLevel.Information, new EventId(1853571947, "CacheLookup"), "Cache {CacheResult} for order {OrderId} after {LookupMs} ms");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, int, decimal, string, int, Exception?> s_priced =
        LoggerMessage.Define<int, decimal, string, int>(LogLevel.Information, new EventId(137079062, "Priced"), "Priced order {OrderId}: {Total} {Currency} for {Items} items");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, int, int, string, Exception?> s_stock =
        LoggerMessage.Define<int, int, string>(LogLevel.Information, new EventId(1823288630, "StockChecked"), "Stock checked for order {OrderId}: {Items} items in {Warehouse}");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, int, string, int, Exception?> s_returning =
        LoggerMessage.Define<int, string, int>(LogLevel.Information, new EventId(6, "Returning"), "Returning order {OrderId} as {Status} with {HttpStatus}");

    public static IReadOnlyList<LogEvent> Request()
    {
        var capture = new Capture();
        var serilog = new LoggerConfiguration().MinimumLevel.Information().Enrich.WithFapilogContext().WriteTo.Sink(capture).CreateLogger();
        using (var provider = new SerilogLoggerProvider(serilog, dispose: true))
        using (var factory = new LoggerFactory([provider]))
        using (var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            var log = factory.CreateLogger("Fapilog.Serilog.Benchmarks.Compare.Web.OrdersEndpoint");
            var scope = new Dictionary<string, object?> { ["ConnectionId"] = "0HNQGI3QFRIEK", ["RequestPath"] = "/api/orders/42", ["RequestId"] = "fc2eb29ecb944988830a5b152da7829d" };
            using (log.BeginScope(scope))
            using (FapilogContext.BindIdentity(requestId: "fc2eb29ecb944988830a5b152da7829d"))
            {
                s_loading(log, 42, "cust-42", null);
                s_cache(log, "miss", 42, 0.42, null);
                s_priced(log, 42, 59.70m, "EUR", 3, null);
                s_stock(log, 42, 3, "wh-east", null);
                s_returning(log, 42, "shipped", 200, null);
                serilog.ForContext(Constants.SourceContextPropertyName, "Serilog.AspNetCore.RequestLoggingMiddleware")
                    .ForContext("RouteTemplate", "/api/orders/{id:int}")
                    .ForContext("ClientIp", "127.0.0.1")
                    .ForContext("UserAgent", "wrk")
                    .Information("HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", "GET", "/api/orders/42", 200, 0.2734);
            }
        }

        return capture.Events.Count == 6 ? capture.Events : throw new InvalidOperationException($"expected 6 events, captured {capture.Events.Count}");
    }

    private sealed class Capture : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
