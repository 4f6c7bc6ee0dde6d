using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// The host owns the pipeline's shutdown: the pipeline's own SIGTERM and ProcessExit hooks stand down as the host
/// starts, <c>ApplicationStopping</c> flushes (bounded by <see cref="FapilogAspNetCoreOptions.StoppingFlushTimeout"/>)
/// and, once every hosted service has stopped, the pipeline is closed (bounded by
/// <see cref="FapilogAspNetCoreOptions.StopTimeout"/>).
/// </summary>
/// <remarks>
/// Closing after the other services have stopped lets their shutdown logging be written. The close does not depend on
/// the service provider disposing the logger, which a frozen bootstrap logger never is: that setup drains too.
/// </remarks>
internal sealed class FapilogHostLifetime : IHostedLifecycleService, IDisposable
{
    private readonly FapilogHostedPipeline _hosted;
    private readonly IHostApplicationLifetime _lifetime;
    private CancellationTokenRegistration _stopping;

    public FapilogHostLifetime(FapilogHostedPipeline hosted, IHostApplicationLifetime lifetime, global::Serilog.ILogger logger)
    {
        // The Serilog logger is asked for so that the pipeline exists when the host starts.
        ArgumentNullException.ThrowIfNull(logger);
        _hosted = hosted;
        _lifetime = lifetime;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _hosted.Pipeline?.DetachProcessExitHooks();
        _stopping = _lifetime.ApplicationStopping.Register(static state => ((FapilogHostLifetime)state!).FlushOnStopping(), this);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        var pipeline = _hosted.Pipeline;
        if (pipeline is null)
        {
            return Task.CompletedTask;
        }

        var timeout = _hosted.Options.StopTimeout;
        return Task.Run(() => pipeline.Close(timeout), CancellationToken.None);
    }

    public void Dispose() => _stopping.Dispose();

    private void FlushOnStopping()
    {
        // On the thread that signals stopping (the signal handler's, for SIGTERM): bounded, never throws.
        _hosted.Pipeline?.Flush(_hosted.Options.StoppingFlushTimeout);
    }
}
