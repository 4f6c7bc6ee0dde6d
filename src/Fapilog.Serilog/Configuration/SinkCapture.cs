using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;

namespace Fapilog.Serilog;

/// <summary>
/// Runs a <c>configure</c> action and returns the sinks it added, one by one.
/// </summary>
/// <remarks>
/// Serilog's <c>LoggerSinkConfiguration.Wrap</c> would hand a wrapper one aggregate sink for two or more inner
/// sinks, which hides our batch interface and throws an <see cref="AggregateException"/>. We build the same
/// kind of capturing <see cref="LoggerSinkConfiguration"/> that <c>Wrap</c> builds, through its non-public
/// constructor (present in Serilog 2, 3 and 4), so every inner sink keeps its own identity. Should that
/// constructor ever be missing, we fall back to <c>CreateSink</c> and treat its result as one plain sink.
/// </remarks>
internal static class SinkCapture
{
    private static readonly ConstructorInfo? CapturingConstructor = typeof(LoggerSinkConfiguration).GetConstructor(
        BindingFlags.Instance | BindingFlags.NonPublic,
        binder: null,
        new[] { typeof(LoggerConfiguration), typeof(Action<ILogEventSink>) },
        modifiers: null);

    // How many WriteTo.Fapilog configure actions are running on this thread: outputs added inside one are
    // already behind a pipeline; outside, they put themselves behind one. Configure actions run synchronously
    // on the configuring thread, so a thread-static depth is exact.
    [ThreadStatic]
    private static int t_pipelineDepth;

    /// <summary>Whether the calling code runs inside the configure action of a <c>WriteTo.Fapilog(...)</c>.</summary>
    public static bool IsInsidePipeline => t_pipelineDepth > 0;

    /// <summary>
    /// Captures the sinks of a pipeline's configure action, and fails, before any event is logged, when it adds
    /// none or (from a configuration file) when Serilog.Settings.Configuration skipped one of its entries.
    /// On failure the sinks already added are disposed.
    /// </summary>
    /// <param name="configure">The configure action.</param>
    /// <param name="fromConfiguration">
    /// Whether Serilog.Settings.Configuration built <paramref name="configure"/>: then its reports of skipped
    /// entries are collected from <c>SelfLog</c>, and the <see cref="TargetInvocationException"/> it wraps around
    /// an error of a nested method is removed, so that the error reaches the caller once wrapped, not twice.
    /// </param>
    public static List<ILogEventSink> CaptureForPipeline(Action<LoggerSinkConfiguration> configure, bool fromConfiguration)
    {
        var sinks = new List<ILogEventSink>();
        t_pipelineDepth++;
        try
        {
            if (fromConfiguration)
            {
                foreach (string line in SelfLogTap.Collect(() => Capture(configure, sinks)))
                {
                    if (SinkMethodNotFound.FromSelfLog(line) is { } error)
                    {
                        throw error;
                    }
                }
            }
            else
            {
                Capture(configure, sinks);
            }

            if (sinks.Count == 0)
            {
                throw new ArgumentException(
                    $"Fapilog: {OptionNaming.PipelineArguments.Subject("Configure")} adds no sinks; valid values are one or more sinks, e.g. FapilogFile or FapilogConsole.",
                    nameof(configure));
            }

            return sinks;
        }
        catch (Exception error)
        {
            DisposeAll(sinks);
            if (fromConfiguration && error is TargetInvocationException { InnerException: { } inner })
            {
                ExceptionDispatchInfo.Capture(inner).Throw();
            }

            throw;
        }
        finally
        {
            t_pipelineDepth--;
        }
    }

    public static List<ILogEventSink> Capture(Action<LoggerSinkConfiguration> configure)
    {
        var sinks = new List<ILogEventSink>();
        Capture(configure, sinks);
        return sinks;
    }

    private static void Capture(Action<LoggerSinkConfiguration> configure, List<ILogEventSink> sinks)
    {
        if (CapturingConstructor is not null)
        {
            var scratch = new LoggerConfiguration();
            var capturing = (LoggerSinkConfiguration)CapturingConstructor.Invoke(new object[] { scratch, new Action<ILogEventSink>(sinks.Add) });
            configure(capturing);
            return;
        }

        sinks.Add(LoggerSinkConfiguration.CreateSink(configure));
    }

    // A configuration that failed hands its sinks to nobody: close them here (a file sink may hold a handle).
    private static void DisposeAll(List<ILogEventSink> sinks)
    {
        foreach (var sink in sinks)
        {
            try
            {
                (sink as IDisposable)?.Dispose();
            }
#pragma warning disable CA1031 // The configuration error is the one to report; a sink failing to close must not hide it.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
