using System;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fapilog.Serilog.AspNetCore.Tests.Support;

/// <summary>
/// A web application on Kestrel at 127.0.0.1 (an ephemeral port) or on TestServer, logging through AddFapilog into
/// a <see cref="CollectingSink"/> inside its own pipeline (a unique name), the static logger left alone.
/// </summary>
internal sealed class WebApp : IAsyncDisposable
{
    private WebApp(WebApplication app, CollectingSink sink, HttpClient client)
    {
        App = app;
        Sink = sink;
        Client = client;
    }

    public WebApplication App { get; }

    public CollectingSink Sink { get; }

    public HttpClient Client { get; }

    public FapilogHostedPipeline Hosted => App.Services.GetRequiredService<FapilogHostedPipeline>();

    public static async Task<WebApp> StartAsync(
        Action<FapilogAspNetCoreOptions>? configure,
        Action<WebApplication> map,
        bool testServer = false,
        Action<WebApplication>? beforeFapilog = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder();
        if (testServer)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Logging.ClearProviders();
        var sink = new CollectingSink();
        var options = FapilogPresets.Dev();
        options.Console = null;
        options.PreserveStaticLogger = true;
        options.ReadSerilogSection = false;
        options.Pipeline.Name = "test-" + Guid.NewGuid().ToString("N");
        options.Outputs = w => w.Sink(sink);
        builder.Services.AddFapilog(options, configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        beforeFapilog?.Invoke(app);
        app.UseFapilog();
        map(app);
        await app.StartAsync();
        var client = testServer
            ? app.GetTestClient()
            : new HttpClient { BaseAddress = new Uri(app.Urls is { Count: > 0 } urls ? First(urls) : throw new InvalidOperationException("no address")) };
        return new WebApp(app, sink, client);
    }

    /// <summary>Waits until everything logged so far is written.</summary>
    public void Flush() => Assert.False(Hosted.Pipeline!.Flush(TimeSpan.FromSeconds(30)).TimedOut, "the flush timed out");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static string First(System.Collections.Generic.ICollection<string> urls)
    {
        foreach (var url in urls)
        {
            return url;
        }

        throw new InvalidOperationException("no address");
    }
}
