using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Fapilog.Serilog.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore.Tests;

/// <summary>One-line setup: the presets as plain objects, and the setup read from appsettings.json.</summary>
public sealed class SetupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_presets_are_plain_objects_with_the_documented_choices()
    {
        var dev = FapilogPresets.Dev();
        Assert.Equal(LogEventLevel.Verbose, dev.MinimumLevel);
        Assert.Equal(FapilogConsoleFormat.Pretty, dev.Console);
        Assert.Null(dev.File);

        var production = FapilogPresets.Production("x/app.log");
        Assert.Equal(FapilogConsoleFormat.Json, production.Console);
        Assert.Equal("x/app.log", production.File!.Path);
        Assert.Equal(FapilogFormat.Envelope, production.File.Format);
        Assert.Equal(QueueFullMode.Wait, production.Pipeline.FullMode);
        Assert.Contains(FapilogLevel.Audit, production.Pipeline.ProtectedLevels);
        Assert.Contains(FapilogLevel.Security, production.Pipeline.ProtectedLevels);

        var serverless = FapilogPresets.Serverless();
        Assert.True(serverless.FlushAtEndOfRequest);
        Assert.True(serverless.Pipeline.QueueLimit < new FapilogPipelineOptions().QueueLimit);
        Assert.True(serverless.StopTimeout <= TimeSpan.FromSeconds(1));
        Assert.Null(serverless.File);

        var hardened = FapilogPresets.Hardened();
        Assert.False(hardened.RequestContext.AcceptIncomingRequestId);
        Assert.False(hardened.RequestLogging.IncludeHeaders);
        Assert.True(hardened.File!.FlushToDisk);
        Assert.Equal(QueueFullMode.Wait, hardened.Pipeline.FullMode);

        // Each call is a new object: changing one changes no other.
        dev.MinimumLevel = LogEventLevel.Error;
        Assert.Equal(LogEventLevel.Verbose, FapilogPresets.Dev().MinimumLevel);
        Assert.Equal("serverless", FapilogPresets.Create("Serverless").Preset);
        Assert.Throws<ArgumentException>(() => FapilogPresets.Create("nope"));
    }

    [Fact]
    public async Task AddFapilog_reads_the_preset_and_its_overrides_from_appsettings_and_writes_the_file()
    {
        string file = _folder.File("app.log");
        string json = $$"""
        {
          "Fapilog": {
            "Preset": "production",
            "Console": "off",
            "File": { "Path": {{JsonSerializer.Serialize(file)}} },
            "MinimumLevel": "Debug",
            "Pipeline": { "QueueLimit": 123, "Name": "from-config-{{Guid.NewGuid():N}}" },
            "RequestContext": { "RequestIdHeader": "X-Correlation-Id" },
            "RequestLogging": { "SkipPaths": [ "/health" ], "SuccessSampleRate": 1 }
          }
        }
        """;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.Services.AddFapilog(builder.Configuration, o => o.PreserveStaticLogger = true);
        await using var app = builder.Build();
        app.UseFapilog();
        app.MapGet("/health", () => "ok");
        app.MapGet("/hello", (global::Serilog.ILogger log) => { log.Debug("debug line"); return "hi"; });
        await app.StartAsync();

        var options = app.Services.GetRequiredService<FapilogAspNetCoreOptions>();
        Assert.Equal("production", options.Preset);
        Assert.Null(options.Console);
        Assert.Equal(123, options.Pipeline.QueueLimit);
        Assert.Equal(QueueFullMode.Wait, options.Pipeline.FullMode); // from the preset

        using var client = new System.Net.Http.HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "/hello");
        request.Headers.Add("X-Correlation-Id", "cfg-1");
        using var response = await client.SendAsync(request);
        Assert.Equal("cfg-1", response.Headers.GetValues("X-Correlation-Id").Single());
        using var health = await client.GetAsync("/health");
        await app.StopAsync();

        var lines = Directory.GetFiles(_folder.Path, "app*.log").SelectMany(File.ReadLines).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("log").GetProperty("message").GetString() == "debug line");
        var completions = lines.Where(l => l.GetProperty("log").GetProperty("message").GetString()!.StartsWith("HTTP GET", StringComparison.Ordinal)).ToList();
        var completion = Assert.Single(completions); // /health skipped
        Assert.Contains("/hello", completion.GetProperty("log").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("cfg-1", completion.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_appsettings_names_its_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fapilog:Pipeline:FullMode"] = "Sometimes",
        }).Build();
        var error = Assert.Throws<FormatException>(() => new ServiceCollection().AddFapilog(configuration));
        Assert.Contains("Pipeline:FullMode", error.Message, StringComparison.Ordinal);
        Assert.Contains("Wait", error.Message, StringComparison.Ordinal); // the valid values, too
        Assert.Contains("Drop", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Preset", "prodution", "production, serverless")]
    [InlineData("RequestLogging:SuccessSampleRate", "50", "from 0 to 1")]
    [InlineData("StopTimeout", "5s", "00:00:05")]
    [InlineData("FlushAtEndOfRequest", "yes", "true or false")]
    public void A_bad_value_names_its_key_and_what_would_be_valid(string key, string value, string hint)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fapilog:" + key] = value,
        }).Build();
        var error = Assert.Throws<FormatException>(() => new ServiceCollection().AddFapilog(configuration));
        Assert.Contains("Fapilog:" + key, error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pipline:QueueLimit", "Fapilog:Pipline", "Preset, MinimumLevel")]
    [InlineData("Pipeline:QueueLimt", "Fapilog:Pipeline:QueueLimt", "QueueLimit, FullMode")]
    [InlineData("RequestLogging:SkipPath:0", "Fapilog:RequestLogging:SkipPath", "SkipPaths, SkipPathPrefixes")]
    [InlineData("RequestContext:UserClaim", "Fapilog:RequestContext:UserClaim", "UserIdClaim")]
    [InlineData("File:Pth", "Fapilog:File:Pth", "Path, Format")]
    public void A_misspelled_key_fails_naming_it_and_the_valid_keys(string key, string named, string valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fapilog:" + key] = "1",
        }).Build();
        var error = Assert.Throws<FormatException>(() => new ServiceCollection().AddFapilog(configuration));
        Assert.Contains(named + " is not a known setting", error.Message, StringComparison.Ordinal);
        Assert.Contains(valid, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_collection_built_twice_gives_each_provider_its_own_pipeline()
    {
        var services = new ServiceCollection();
        services.AddFapilog(FapilogPresets.Dev(), o =>
        {
            o.PreserveStaticLogger = true;
            o.Console = null;
            o.Outputs = w => w.Sink(new CollectingSink());
            o.Enrichers = null;
            o.Pipeline.Name = "twice-" + Guid.NewGuid().ToString("N");
            o.Pipeline.FlushOnProcessExit = false;
        });
        var first = services.BuildServiceProvider();
        using var second = services.BuildServiceProvider();
        first.GetRequiredService<global::Serilog.ILogger>();
        second.GetRequiredService<global::Serilog.ILogger>();
        var firstPipeline = first.GetRequiredService<FapilogHostedPipeline>().Pipeline;
        var secondPipeline = second.GetRequiredService<FapilogHostedPipeline>().Pipeline;
        Assert.NotNull(firstPipeline);
        Assert.NotNull(secondPipeline);
        Assert.NotSame(firstPipeline, secondPipeline);

        first.Dispose(); // the first host going away closes its own pipeline only
        Assert.False(secondPipeline!.GetStats().IsClosed);
    }

    [Fact]
    public async Task Serverless_flushes_at_the_end_of_each_request()
    {
        var gate = new System.Threading.ManualResetEventSlim(true);
        await using var web = await WebApp.StartAsync(o =>
        {
            o.FlushAtEndOfRequest = true;
            o.RequestFlushTimeout = TimeSpan.FromSeconds(30);
            o.Pipeline.BufferingTimeLimit = TimeSpan.FromHours(1); // without the flush, nothing would be written yet
            o.Pipeline.BatchSizeLimit = 10_000;
        }, app => app.MapGet("/", (global::Serilog.ILogger log) => { log.Information("in request"); return "ok"; }), testServer: true);

        using var response = await web.Client.GetAsync("/");
        // No flush by the test: the request's own flush has written its lines before the response came back.
        Assert.Single(web.Sink.WithMessage("in request"));
        Assert.Single(web.Sink.Completions);
    }
}
