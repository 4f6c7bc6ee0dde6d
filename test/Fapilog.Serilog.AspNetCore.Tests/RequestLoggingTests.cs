using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Fapilog.Serilog.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore.Tests;

/// <summary>The completion event: its fields (on Kestrel, for the client address), skips, sampling, levels, headers.</summary>
public sealed class RequestLoggingTests
{
    private static Task<WebApp> Start(Action<FapilogAspNetCoreOptions>? configure = null, bool testServer = true) =>
        WebApp.StartAsync(configure, app =>
        {
            app.MapGet("/orders/{id:int}", (int id) => Results.Ok(id));
            app.MapGet("/health", () => "ok");
            app.MapGet("/health/db", () => "ok");
            app.MapGet("/metrics/{**rest}", () => "ok");
            app.MapGet("/metricsx", () => "ok");
            app.MapGet("/missing", () => Results.NotFound());
            app.MapGet("/boom", ThrowingHandler);
            app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        }, testServer);

    private static string ThrowingHandler() => throw new InvalidOperationException("kaboom");

    [Fact]
    public async Task One_completion_event_per_request_with_method_route_path_status_latency_request_id_client_and_agent()
    {
        await using var web = await Start(testServer: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/7?x=1");
        request.Headers.Add("User-Agent", "probe/1.0");
        request.Headers.Add("X-Request-ID", "r-1");
        using var response = await web.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        web.Flush();

        var completion = Assert.Single(web.Sink.Completions);
        Assert.Equal(LogEventLevel.Information, completion.Level);
        Assert.Equal("GET", completion.Text("RequestMethod"));
        Assert.Equal("/orders/7", completion.Text("RequestPath"));
        Assert.Equal("/orders/{id:int}", completion.Text("RouteTemplate"));
        Assert.Equal("200", completion.Text("StatusCode"));
        Assert.True(completion.Properties["Elapsed"] is ScalarValue { Value: double ms } && ms >= 0);
        Assert.Equal("r-1", completion.Text(FapilogProperties.RequestId));
        Assert.Equal("127.0.0.1", completion.Text("ClientIp"));
        Assert.Equal("probe/1.0", completion.Text("UserAgent"));
        Assert.Null(completion.Exception);
        Assert.False(completion.Properties.ContainsKey("RequestHeaders"));
    }

    [Fact]
    public async Task A_failure_carries_the_exception_with_its_stack_at_error_level()
    {
        // Kestrel: TestServer would hand the exception to the client instead of answering 500.
        await using var web = await Start(testServer: false);
        using var response = await web.Client.GetAsync("/boom");
        Assert.Equal(500, (int)response.StatusCode);
        web.Flush();

        var completion = Assert.Single(web.Sink.Completions);
        Assert.Equal(LogEventLevel.Error, completion.Level);
        Assert.Equal("500", completion.Text("StatusCode"));
        var exception = Assert.IsType<InvalidOperationException>(completion.Exception);
        Assert.Equal("kaboom", exception.Message);
        Assert.Contains(nameof(ThrowingHandler), exception.StackTrace, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, LogEventLevel.Information)]
    [InlineData(302, LogEventLevel.Information)]
    [InlineData(404, LogEventLevel.Warning)]
    [InlineData(429, LogEventLevel.Warning)]
    [InlineData(503, LogEventLevel.Error)]
    public async Task The_level_follows_the_status(int status, LogEventLevel expected)
    {
        await using var web = await Start();
        using var response = await web.Client.GetAsync($"/status/{status}");
        Assert.Equal(status, (int)response.StatusCode);
        web.Flush();
        Assert.Equal(expected, Assert.Single(web.Sink.Completions).Level);
    }

    [Fact]
    public async Task Skip_paths_match_exactly_and_prefixes_on_whole_segments_and_failures_are_never_skipped()
    {
        await using var web = await Start(o =>
        {
            o.RequestLogging.SkipPaths.Add("/health");
            o.RequestLogging.SkipPathPrefixes.Add("/metrics");
            o.RequestLogging.SkipPathPrefixes.Add("/missing/");
        });
        foreach (var path in new[] { "/health", "/HEALTH", "/health/db", "/metrics", "/metrics/a/b", "/metricsx", "/missing" })
        {
            using var response = await web.Client.GetAsync(path);
        }

        web.Flush();
        var logged = web.Sink.Completions.Select(e => e.Text("RequestPath")).OrderBy(p => p, StringComparer.Ordinal).ToList();
        // /health/db: an exact skip does not cover sub-paths; /metricsx: a prefix is a whole segment;
        // /missing: its prefix matches, but a 404 is a failure, never skipped.
        Assert.Equal(new[] { "/health/db", "/metricsx", "/missing" }, logged);
    }

    [Fact]
    public async Task Sampling_drops_only_successful_requests()
    {
        await using var web = await Start(o => o.RequestLogging.SuccessSampleRate = 0.0, testServer: false);
        for (int i = 0; i < 5; i++)
        {
            using var ok = await web.Client.GetAsync("/orders/1");
        }

        using var missing = await web.Client.GetAsync("/missing");
        using var boom = await web.Client.GetAsync("/boom");
        web.Flush();
        var statuses = web.Sink.Completions.Select(e => e.Text("StatusCode")).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "404", "500" }, statuses);
    }

    [Fact]
    public async Task Sampling_keeps_the_requests_the_sampler_picks()
    {
        var draws = new Queue<double>(new[] { 0.1, 0.9, 0.2, 0.8 });
        await using var web = await Start(o =>
        {
            o.RequestLogging.SuccessSampleRate = 0.5;
            o.RequestLogging.Sampler = () => { lock (draws) { return draws.Dequeue(); } };
        });
        for (int i = 1; i <= 4; i++)
        {
            using var ok = await web.Client.GetAsync($"/orders/{i}");
        }

        web.Flush();
        var paths = web.Sink.Completions.Select(e => e.Text("RequestPath")).OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "/orders/1", "/orders/3" }, paths);
    }

    [Fact]
    public async Task Slow_requests_are_never_sampled_or_skipped_and_log_at_the_slow_level()
    {
        await using var web = await Start(o =>
        {
            o.RequestLogging.SuccessSampleRate = 0.0;
            o.RequestLogging.SkipPaths.Add("/health");
            o.RequestLogging.SlowRequestThreshold = TimeSpan.Zero; // every request is "slow"
        });
        using var health = await web.Client.GetAsync("/health");
        using var ok = await web.Client.GetAsync("/orders/1");
        web.Flush();
        Assert.Equal(2, web.Sink.Completions.Count);
        Assert.All(web.Sink.Completions, e => Assert.Equal(LogEventLevel.Warning, e.Level));
    }

    [Fact]
    public async Task Headers_are_opt_in_and_the_redaction_list_masks_secrets()
    {
        await using var web = await Start(o => o.RequestLogging.IncludeHeaders = true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
        request.Headers.Add("Authorization", "Bearer secret-token");
        request.Headers.Add("Cookie", "session=secret");
        request.Headers.Add("X-Api-Key", "k-secret");
        request.Headers.Add("X-Custom", "visible");
        using var response = await web.Client.SendAsync(request);
        web.Flush();

        var headers = Headers(Assert.Single(web.Sink.Completions));
        Assert.Equal("***", headers["Authorization"]);
        Assert.Equal("***", headers["Cookie"]);
        Assert.Equal("***", headers["X-Api-Key"]);
        Assert.Equal("visible", headers["X-Custom"]);
        Assert.DoesNotContain(web.Sink.Completions.Single().Properties.Values, v => v.ToString().Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_allowlist_turns_headers_on_and_keeps_only_its_names_still_redacted()
    {
        await using var web = await Start(o =>
        {
            o.RequestLogging.HeaderAllowlist.Add("X-Custom");
            o.RequestLogging.HeaderAllowlist.Add("Authorization");
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
        request.Headers.Add("Authorization", "Bearer secret-token");
        request.Headers.Add("X-Custom", "visible");
        request.Headers.Add("X-Other", "hidden");
        using var response = await web.Client.SendAsync(request);
        web.Flush();

        var headers = Headers(Assert.Single(web.Sink.Completions));
        Assert.Equal(new[] { "Authorization", "X-Custom" }, headers.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("***", headers["Authorization"]);
        Assert.Equal("visible", headers["X-Custom"]);
    }

    private static Dictionary<string, string> Headers(LogEvent completion)
    {
        var value = Assert.IsType<DictionaryValue>(completion.Properties["RequestHeaders"]);
        return value.Elements.ToDictionary(p => p.Key.Value!.ToString()!, p => ((ScalarValue)p.Value).Value!.ToString()!, StringComparer.Ordinal);
    }
}
