using System;
using System.Threading;
using Fapilog.Serilog;
using Fapilog.Serilog.AspNetCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>AddHealthChecks().AddFapilog()</c>: one health check per Fapilog pipeline.</summary>
public static class FapilogHealthChecksBuilderExtensions
{
    private static readonly string[] Tags = { "fapilog", "logging" };

    /// <summary>
    /// Checks the pipeline of <c>AddFapilog(...)</c> or, when <paramref name="pipelineName"/> is given, the running
    /// pipeline of that name (one configured in <c>appsettings.json</c>, say); see <see cref="FapilogHealthCheck"/>.
    /// </summary>
    /// <param name="builder">The health checks.</param>
    /// <param name="name">The check's name. The default is <c>fapilog</c>, or <c>fapilog:</c> and the pipeline's name.</param>
    /// <param name="pipelineName">A pipeline's name, or <see langword="null"/> for the host's pipeline.</param>
    /// <param name="options">The thresholds.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddFapilog(
        this IHealthChecksBuilder builder, string? name = null, string? pipelineName = null, FapilogHealthCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string checkName = name ?? (pipelineName is null ? "fapilog" : "fapilog:" + pipelineName);
        // The health check service calls a registration's factory at every run: the check keeps state between runs
        // ("since the previous check", "stuck for"), so the factory hands out one instance, made at the first run.
        FapilogHealthCheck? check = null;
        return builder.Add(new HealthCheckRegistration(
            checkName,
            provider =>
            {
                if (Volatile.Read(ref check) is { } existing)
                {
                    return existing;
                }

                var hosted = pipelineName is null ? provider.GetRequiredService<FapilogHostedPipeline>() : null;
                Func<FapilogPipeline?> find = hosted is not null
                    ? () => hosted.Pipeline
                    : () => FapilogPipelines.TryGet(pipelineName!, out var found) ? found : null;
                return Interlocked.CompareExchange(ref check, new FapilogHealthCheck(find, options), null) ?? check;
            },
            failureStatus: null,
            tags: Tags));
    }
}
