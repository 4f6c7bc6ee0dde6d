using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>
/// The child process of <c>compare-web</c>, mode <c>web-server &lt;setup&gt; &lt;port&gt; &lt;logdir&gt;</c>: the
/// orders API (<see cref="OrdersEndpoint"/>) on Kestrel at 127.0.0.1 with one logging setup (<see cref="WebSetups"/>),
/// writing its log file under <c>logdir</c>. Port 0 takes a free one. It prints <c>port N</c> once it listens, and
/// stops when its standard input closes; then prints <c>requests N</c> (order requests answered) and,
/// for Fapilog, <c>stats ...</c> (the pipeline's counts), once every log line is written; with a null sink,
/// <c>received A C O</c> (its counts by kind, <see cref="WebLogLines"/>).
/// </summary>
/// <remarks><c>GET /bench/cpu</c> answers <see cref="ServerCpu"/> as text: CPU milliseconds of the process, of its
/// logging thread and of the JIT's tier-up thread since the previous call. It is branched off before the logging middleware, so it adds
/// no log line and no request count.</remarks>
internal static class WebServer
{
    public static int Run(string[] args)
    {
        if (args.Length != 3 || args[0].Length != 1 || !WebSetups.Letters.Contains(args[0][0], StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"usage: web-server <{string.Join('|', WebSetups.Letters.ToCharArray())}> <port> <logdir>");
            return 2;
        }

        char setup = args[0][0];
        int port = int.Parse(args[1], CultureInfo.InvariantCulture);
        string logDirectory = Path.GetFullPath(args[2]);
        Directory.CreateDirectory(logDirectory);

        // No appsettings.json is read from the working directory: the content root is the exe's folder.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        WebSetups.AddServices(setup, builder, logDirectory);
        var app = builder.Build();
        app.Map("/bench/cpu", branch => branch.Run(context => context.Response.WriteAsync(ServerCpu.SinceLastCall().ToString())));
        WebSetups.UseMiddleware(setup, app);
        OrdersEndpoint.Map(app);

        app.StartAsync().GetAwaiter().GetResult();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Console.WriteLine("port " + address.Port.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();

        // The parent ends us by closing our standard input (or by killing us, if it dies).
        Console.In.ReadToEnd();
        app.StopAsync().GetAwaiter().GetResult();
        string stats = WebSetups.Stats(setup, app);
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        WebSetups.Close(setup);
        Console.WriteLine("requests " + OrdersEndpoint.Requests.ToString(CultureInfo.InvariantCulture));
        if (stats.Length > 0)
        {
            Console.WriteLine("stats " + stats);
        }

        if (WebSetups.NullSink is { } nullSink)
        {
            var received = nullSink.Lines();
            Console.WriteLine(FormattableString.Invariant($"received {received.Api} {received.Completion} {received.Other}"));
        }

        return 0;
    }
}
