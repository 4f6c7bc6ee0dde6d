using System;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

// Two-stage init: a bootstrap logger until the host's configuration is read (AddFapilog reloads it).
Log.Logger = new LoggerConfiguration().WriteTo.FapilogConsole().CreateBootstrapLogger();
Log.Information("Starting the sample");

try
{
    var builder = WebApplication.CreateBuilder(args);

    // The one line: Serilog through a Fapilog pipeline, preset and overrides from appsettings.json ("Fapilog").
    builder.Services.AddFapilog(builder.Configuration);
    builder.Services.AddHealthChecks().AddFapilog();

    var app = builder.Build();

    // A stand-in for real authentication: "?user=alice&tenant=acme" signs the request in.
    app.Use((context, next) =>
    {
        if (context.Request.Query["user"] is { Count: > 0 } user)
        {
            var claims = new[] { new Claim(ClaimTypes.NameIdentifier, user.ToString()), new Claim("tenant_id", context.Request.Query["tenant"].ToString()) };
            context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "sample"));
        }

        return next(context);
    });
    app.UseFapilog();

    app.MapGet("/", () => "Try /orders/7?user=alice&tenant=acme, /boom, /slow, /audit, /healthz");
    app.MapGet("/orders/{id:int}", async (int id, ILogger log) =>
    {
        log.Information("Loading order {OrderId}", id);
        await Task.Yield();
        await Task.Run(() => log.Information("Pricing order {OrderId} on another thread", id));
        return Results.Ok(new { id, total = 42.5 });
    });
    app.MapGet("/boom", string () => throw new InvalidOperationException("Something broke"));
    app.MapGet("/slow", async () =>
    {
        await Task.Delay(600);
        return "slow";
    });
    app.MapGet("/audit", (ILogger log) =>
    {
        log.Audit("Order {OrderId} refunded by {Operator}", 7, "alice");
        return "audited";
    });
    app.MapHealthChecks("/healthz");

    app.Run();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "The sample stopped unexpectedly");
    return 1;
}
finally
{
    Log.CloseAndFlush();
}
