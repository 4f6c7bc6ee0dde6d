using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>
/// The secret corpus through the file (envelope and CLEF), the console (pretty and JSON) and the HTTP output (to a
/// loopback receiver): no core appears in any byte written, the events all arrive, the counters add up, and another
/// sink of the same logger sees the events as they were logged.
/// </summary>
public sealed class RedactionOutputsTests : IAsyncLifetime
{
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void NoSecretOfTheCorpus_ReachesAnyByteOfAnyOutput()
    {
        using var folder = new TempFolder();
        var pretty = new CountingStream();
        var json = new CountingStream();
        var original = new CollectingSink();
        var options = new FapilogPipelineOptions { Redaction = SecretCorpus.Options, Name = "redaction-corpus", FlushOnProcessExit = false };
        FapilogPipeline pipeline;
        using (var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Fapilog(wt =>
            {
                wt.FapilogFile(new FapilogFileOptions { Path = folder.File("envelope.jsonl") });
                wt.FapilogFile(new FapilogFileOptions { Path = folder.File("clef.jsonl"), Format = FapilogFormat.Clef });
                wt.Sink(FapilogOutputs.CreateConsole(FapilogConsoleFormat.Pretty, FapilogFormat.Envelope, new ConsoleTarget(IsTerminal: true, NoColor: true), pretty, FormatterFactory.Create));
                wt.Sink(FapilogOutputs.CreateConsole(FapilogConsoleFormat.Json, FapilogFormat.RenderedClef, new ConsoleTarget(IsTerminal: false, NoColor: true), json, FormatterFactory.Create));
                var http = new FapilogHttpOptions { Url = _receiver.Url.ToString(), Format = FapilogFormat.Envelope, RequestTimeout = TimeSpan.FromSeconds(20) };
                http.Delivery.CloseTimeout = TimeSpan.FromSeconds(20); // a loaded machine's first request can be slow
                wt.FapilogHttp(http);
            }, options, out pipeline)
            .WriteTo.Sink(original)
            .CreateLogger())
        {
            SecretCorpus.LogAll(logger);
            Assert.False(pipeline.Flush(TimeSpan.FromSeconds(30)).TimedOut);
            for (int i = 0; i < 3000 && pipeline.GetOutputStats()[0].Delivered < SecretCorpus.EventCount; i++)
            {
                _receiver.AcceptedOne.Wait(TimeSpan.FromMilliseconds(10));
            }
        }

        var outputs = new (string Name, byte[] Bytes)[]
        {
            ("file envelope", File.ReadAllBytes(Directory.GetFiles(folder.Path, "envelope*").Single())),
            ("file clef", File.ReadAllBytes(Directory.GetFiles(folder.Path, "clef*").Single())),
            ("console pretty", pretty.ToArray()),
            ("console json", json.ToArray()),
            ("http", _receiver.Accepted.SelectMany(r => r.Body).ToArray()),
        };

        foreach (var (name, bytes) in outputs)
        {
            string text = Encoding.UTF8.GetString(bytes);
            int events = name == "console pretty" ? CountPrettyEvents(text) : text.Count(c => c == '\n');
            Assert.True(events == SecretCorpus.EventCount, $"{name} wrote {events} events, not {SecretCorpus.EventCount}");
            foreach (string core in SecretCorpus.Cores)
            {
                Assert.False(text.Contains(core, StringComparison.Ordinal), $"{name} wrote the secret {core}:\n{text}");
            }

            foreach (string marker in SecretCorpus.Markers)
            {
                Assert.True(text.Contains(marker, StringComparison.Ordinal), $"{name} lacks {marker}");
            }
        }

        // The other sink got the caller's events: the pipeline changed none of them.
        Assert.Equal(SecretCorpus.EventCount, original.Events.Count);
        foreach (string core in SecretCorpus.Cores)
        {
            Assert.Contains(original.Events, e => SecretCorpus.Holds(e, core));
        }

        var stats = pipeline.GetStats();
        Pipelines.AssertDrained(stats);
        Assert.Equal(SecretCorpus.EventCount, stats.Written);
        Assert.True(stats.Redacted >= SecretCorpus.Cores.Length - 2, $"redacted {stats.Redacted}"); // two events hold two each
        Assert.Equal(0, stats.RedactionFailures);
    }

    // The pretty console writes one line per event plus the exception's lines, indented.
    private static int CountPrettyEvents(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => !l.StartsWith(' '));
}
