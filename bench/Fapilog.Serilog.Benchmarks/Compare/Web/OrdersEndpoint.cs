using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>The small JSON order, as the API returns it.</summary>
internal sealed record Order(int Id, string Customer, string Status, int Items, decimal Total, string Currency);

/// <summary>
/// The benchmark's JSON API, the same in every setup: <c>GET /api/orders/{id}</c> answers a small order as JSON and
/// logs five Information lines with properties through <see cref="ILogger{T}"/> (source-generated
/// <see cref="LoggerMessageAttribute"/> methods, the recommended way, so no setup pays for a params array the others
/// skip). With no logger provider (setup n) the calls stop at <c>IsEnabled</c>.
/// </summary>
internal sealed partial class OrdersEndpoint
{
    /// <summary>Requests answered by the order route; read by the server once it has stopped.</summary>
    private static long s_requests;

    public static long Requests => Interlocked.Read(ref s_requests);

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/orders/{id:int}", Get);

    private static IResult Get(int id, ILogger<OrdersEndpoint> log)
    {
        Interlocked.Increment(ref s_requests);
        string customer = "cust-" + (id % 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Loading(log, id, customer);
        CacheLookup(log, id, "miss", 0.42);
        int items = 1 + (id % 5);
        decimal total = items * 19.90m;
        Priced(log, id, total, "EUR", items);
        StockChecked(log, id, items, "wh-east");
        Returning(log, id, "shipped", 200);
        return Results.Ok(new Order(id, customer, "shipped", items, total, "EUR"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading order {OrderId} for {Customer}")]
    private static partial void Loading(ILogger log, int orderId, string customer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cache {CacheResult} for order {OrderId} after {LookupMs} ms")]
    private static partial void CacheLookup(ILogger log, int orderId, string cacheResult, double lookupMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Priced order {OrderId}: {Total} {Currency} for {Items} items")]
    private static partial void Priced(ILogger log, int orderId, decimal total, string currency, int items);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stock checked for order {OrderId}: {Items} items in {Warehouse}")]
    private static partial void StockChecked(ILogger log, int orderId, int items, string warehouse);

    [LoggerMessage(Level = LogLevel.Information, Message = "Returning order {OrderId} as {Status} with {HttpStatus}")]
    private static partial void Returning(ILogger log, int orderId, string status, int httpStatus);
}
