using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Fapilog.Serilog;

/// <summary>
/// The running pipelines by <see cref="FapilogPipelineOptions.Name"/>, so that code which did not build the logger
/// (a health check, a shutdown hook, a logger configured from <c>appsettings.json</c>) can reach them.
/// </summary>
/// <remarks>
/// A pipeline is listed from its creation until it begins to close. When two running pipelines share a
/// name, the newer one is found by name; give pipelines distinct names to reach each one.
/// </remarks>
public static class FapilogPipelines
{
    private static readonly object Sync = new();
    private static readonly List<FapilogPipelineSink> Running = new();

    /// <summary>The names of the running pipelines.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Sync)
            {
                return Running.Select(p => p.Name).Distinct().ToArray();
            }
        }
    }

    /// <summary>Finds a running pipeline by name.</summary>
    /// <param name="name">The pipeline's name.</param>
    /// <param name="pipeline">The pipeline, when found.</param>
    /// <returns>Whether a running pipeline has that name.</returns>
    public static bool TryGet(string name, [NotNullWhen(true)] out FapilogPipeline? pipeline)
    {
        lock (Sync)
        {
            for (int i = Running.Count - 1; i >= 0; i--)
            {
                if (string.Equals(Running[i].Name, name, StringComparison.Ordinal))
                {
                    pipeline = Running[i].Handle;
                    return true;
                }
            }
        }

        pipeline = null;
        return false;
    }

    /// <summary>Gets a running pipeline by name.</summary>
    /// <param name="name">The pipeline's name; the default is <c>"default"</c>.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="KeyNotFoundException">No running pipeline has that name.</exception>
    public static FapilogPipeline Get(string name = "default") =>
        TryGet(name, out var pipeline)
            ? pipeline
            : throw new KeyNotFoundException($"No running Fapilog pipeline is named '{name}'. Running: {string.Join(", ", Names)}.");

    internal static void Register(FapilogPipelineSink sink)
    {
        lock (Sync)
        {
            Running.Add(sink);
        }
    }

    internal static void Unregister(FapilogPipelineSink sink)
    {
        lock (Sync)
        {
            Running.Remove(sink);
        }
    }
}
