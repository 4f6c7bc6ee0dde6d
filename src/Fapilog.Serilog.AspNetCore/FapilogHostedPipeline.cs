using System;
using System.Threading;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// The pipeline of the host's logger, once Serilog.Extensions.Hosting has built it (from a service in the
/// container: resolve it to reach the pipeline's stats, or to flush it).
/// </summary>
public sealed class FapilogHostedPipeline
{
    private FapilogPipeline? _pipeline;

    internal FapilogHostedPipeline(FapilogAspNetCoreOptions options) => Options = options;

    /// <summary>The options the logger was built from.</summary>
    public FapilogAspNetCoreOptions Options { get; }

    /// <summary>The pipeline, or <see langword="null"/> before the host's logger was built.</summary>
    public FapilogPipeline? Pipeline => Volatile.Read(ref _pipeline);

    internal void Set(FapilogPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        Volatile.Write(ref _pipeline, pipeline);
    }
}
