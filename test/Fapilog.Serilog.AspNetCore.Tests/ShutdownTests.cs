using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Fapilog.Serilog.AspNetCore.Tests;

/// <summary>The host owns shutdown: SIGTERM to a real process under load loses nothing; the pipeline's own hooks stand down.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sigterm_under_load_loses_nothing(bool bootstrap)
    {
        string file = _folder.File("app.log");
        string boot = _folder.File("boot.log");
        using var app = new TestApp(file, bootstrap ? boot : "-", "2");
        app.WaitForLine("ready");
        // Under load: the producers have filled the queue at least once before the signal.
        Assert.True(SpinWait.SpinUntil(() => LogFiles("app").Sum(f => new FileInfo(f).Length) > 1_000_000, TimeSpan.FromSeconds(60)), "no load written");
        app.SendSigterm();
        Assert.Equal(0, app.WaitForExit());

        long logged = long.Parse(app.WaitForLine("logged ").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var closed = app.WaitForLine("closed ").Split(' ');
        Assert.Equal("0", closed[2]); // nothing dropped
        Assert.Equal("True", closed[3]); // closed by the host's stop

        var loadLines = LogFiles("app").SelectMany(File.ReadLines).Where(l => l.Contains("\"load ", StringComparison.Ordinal)).ToList();
        Assert.Equal(logged, loadLines.Count);
        Assert.True(logged > 0);
        // Every sequence of each producer, once, in order: 0 .. n-1.
        foreach (var producer in loadLines.Select(Parse).GroupBy(p => p.Producer))
        {
            var seqs = producer.Select(p => p.Seq).ToList();
            Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => (long)i), seqs);
        }

        // The host's own shutdown line, logged after the signal, is in the file too.
        Assert.Contains(LogFiles("app").SelectMany(File.ReadLines), l => l.Contains("Application is shutting down", StringComparison.Ordinal));
        if (bootstrap)
        {
            var bootLines = LogFiles("boot").SelectMany(File.ReadLines).ToList();
            Assert.Single(bootLines, l => l.Contains("bootstrap line", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Starting_the_host_detaches_the_pipelines_own_process_exit_hooks_and_stopping_closes_it()
    {
        var web = await WebApp.StartAsync(null, app => app.MapGet("/", () => "ok"));
        var pipeline = web.Hosted.Pipeline!;
        Assert.False(pipeline.DetachProcessExitHooks()); // false: already detached by the host's start
        Assert.False(pipeline.GetStats().IsClosed);

        var logger = web.App.Services.GetService(typeof(global::Serilog.ILogger)) as global::Serilog.ILogger;
        for (int i = 0; i < 500; i++)
        {
            logger!.Information("before stop {I}", i);
        }

        await web.DisposeAsync();
        Assert.True(pipeline.GetStats().IsClosed);
        Assert.Equal(500, web.Sink.WithMessage("before stop").Count);
        Assert.Contains(web.Sink.Events, e => e.MessageTemplate.Text.Contains("Application is shutting down", StringComparison.Ordinal));
        Assert.Equal(0, pipeline.GetStats().Dropped);
    }

    private string[] LogFiles(string stem) => Directory.GetFiles(_folder.Path, stem + "*.log");

    private static (long Producer, long Seq) Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var message = doc.RootElement.GetProperty("log").GetProperty("message").GetString()!.Split(' ');
        return (long.Parse(message[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(message[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
