using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore.Tests;

/// <summary>The health check's states, each from a real pipeline in that state.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_writing_pipeline_is_healthy_and_a_closed_one_unhealthy()
    {
        var sink = new CollectingSink();
        using var logger = Pipeline(w => w.Sink(sink), out var pipeline);
        var check = Check(pipeline);
        logger.Information("one");
        pipeline.Flush();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        pipeline.Close();
        var closed = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, closed.Status);
        Assert.Contains("closed", closed.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_since_the_previous_check_degrade_it_and_it_recovers_when_they_stop()
    {
        var failing = new SwitchableSink();
        using var logger = Pipeline(w => w.Sink(failing), out var pipeline);
        var check = Check(pipeline);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        failing.Fail = true;
        logger.Information("lost");
        pipeline.Flush();
        Assert.Equal(1, pipeline.GetStats().Failed);
        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        failing.Fail = false;
        logger.Information("fine");
        pipeline.Flush();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task Drops_degrade_it()
    {
        using var gate = new ManualResetEventSlim(false);
        var gated = new GatedSink(gate);
        using var logger = Pipeline(w => w.Sink(gated), out var pipeline, queueLimit: 2, fullMode: QueueFullMode.Drop);
        var check = Check(pipeline);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        for (int i = 0; i < 20; i++)
        {
            logger.Information("burst {I}", i);
        }

        Assert.True(pipeline.GetStats().Dropped > 0);
        var result = await check.CheckHealthAsync(new HealthCheckContext());
        gate.Set();
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("dropped", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stuck_writer_is_unhealthy()
    {
        using var gate = new ManualResetEventSlim(false);
        var gated = new GatedSink(gate);
        using var logger = Pipeline(w => w.Sink(gated), out var pipeline);
        var check = Check(pipeline);
        logger.Information("blocks the writer");
        Assert.True(SpinWait.SpinUntil(() => gated.Entered, TimeSpan.FromSeconds(30)), "the sink was never called");
        logger.Information("queued behind it");
        Assert.True(pipeline.GetStats().Queued > 0);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status); // not yet
        _clock.Advance(TimeSpan.FromSeconds(31));
        var stuck = await check.CheckHealthAsync(new HealthCheckContext());
        gate.Set();
        Assert.Equal(HealthStatus.Unhealthy, stuck.Status);
        Assert.Contains("stuck", stuck.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_breaker_is_unhealthy()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port; // closed again: every request is refused
        }

        var http = new FapilogHttpOptions
        {
            Url = $"http://127.0.0.1:{port}/logs",
            Delivery = new FapilogDeliveryOptions
            {
                BreakerFailureThreshold = 1,
                MinRetryDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromMilliseconds(20),
                BatchTimeLimit = TimeSpan.FromMilliseconds(10),
                Spool = FapilogSpoolMode.Off,
                SpoolDirectory = _folder.Path,
            },
        };
        using var logger = Pipeline(w => w.FapilogHttp(http), out var pipeline);
        logger.Information("to nowhere");
        pipeline.Flush();
        Assert.True(
            SpinWait.SpinUntil(() => pipeline.GetOutputStats().Any(o => o.Breaker == FapilogBreakerState.Open), TimeSpan.FromSeconds(30)),
            "the breaker never opened: " + string.Join("; ", pipeline.GetOutputStats()));
        var result = await Check(pipeline).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("breaker open", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHealthChecks_AddFapilog_checks_the_hosts_pipeline()
    {
        await using var web = await WebApp.StartAsync(
            null,
            app => app.MapHealthChecks("/healthz"),
            testServer: true,
            services: s => s.AddHealthChecks().AddFapilog());
        using var response = await web.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_DegradedFor_every_probe_in_the_window_sees_the_losses_not_only_the_first()
    {
        var failing = new SwitchableSink();
        using var logger = Pipeline(w => w.Sink(failing), out var pipeline);
        var check = new FapilogHealthCheck(() => pipeline, new FapilogHealthCheckOptions { DegradedFor = TimeSpan.FromSeconds(30), TimeProvider = _clock });
        failing.Fail = true;
        logger.Information("lost");
        pipeline.Flush();
        failing.Fail = false;

        var liveness = await check.CheckHealthAsync(new HealthCheckContext());
        var readiness = await check.CheckHealthAsync(new HealthCheckContext()); // a second probe, right after
        Assert.Equal(HealthStatus.Degraded, liveness.Status);
        Assert.Equal(HealthStatus.Degraded, readiness.Status);
        Assert.Contains("1 failed", readiness.Description, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task The_registered_check_keeps_its_state_between_runs_of_the_health_check_service()
    {
        // The health check service calls the registration's factory at every run: a new check each time would
        // compare with nothing and stay Degraded for ever after one failure (and never see a stuck writer).
        var failing = new SwitchableSink();
        using var logger = Pipeline(w => w.Sink(failing), out var pipeline);
        var hosted = new FapilogHostedPipeline(FapilogPresets.Dev());
        hosted.Set(pipeline);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(hosted);
        services.AddHealthChecks().AddFapilog();
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        failing.Fail = true;
        logger.Information("lost");
        pipeline.Flush();
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync()).Status);
        failing.Fail = false;
        logger.Information("fine");
        pipeline.Flush();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
    }

    private FapilogHealthCheck Check(FapilogPipeline pipeline) =>
        new(() => pipeline, new FapilogHealthCheckOptions { StuckAfter = TimeSpan.FromSeconds(30), TimeProvider = _clock });

    private static Logger Pipeline(
        Action<global::Serilog.Configuration.LoggerSinkConfiguration> outputs, out FapilogPipeline pipeline, int queueLimit = 10_000, QueueFullMode fullMode = QueueFullMode.Drop) =>
        new LoggerConfiguration()
            .WriteTo.Fapilog(outputs, new FapilogPipelineOptions
            {
                Name = "health-" + Guid.NewGuid().ToString("N"),
                QueueLimit = queueLimit,
                FullMode = fullMode,
                ProtectedLevels = Array.Empty<FapilogLevel>(),
                FlushOnProcessExit = false,
                BufferingTimeLimit = TimeSpan.FromMilliseconds(10),
            }, out pipeline)
            .CreateLogger();

    private sealed class SwitchableSink : ILogEventSink
    {
        public volatile bool Fail;

        public void Emit(LogEvent logEvent)
        {
            if (Fail)
            {
                throw new InvalidOperationException("sink down");
            }
        }
    }

    private sealed class GatedSink(ManualResetEventSlim gate) : ILogEventSink
    {
        private volatile bool _entered;

        public bool Entered => _entered;

        public void Emit(LogEvent logEvent)
        {
            _entered = true;
            gate.Wait(TimeSpan.FromSeconds(60));
        }
    }
}
