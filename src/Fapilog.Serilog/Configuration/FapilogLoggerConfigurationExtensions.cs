using System;
using System.Linq;
using Fapilog.Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace Serilog;

/// <summary><c>WriteTo.Fapilog(...)</c>: the non-blocking sink wrapper with one dedicated writer thread.</summary>
public static class FapilogLoggerConfigurationExtensions
{
    /// <summary>
    /// Wraps the sinks added by <paramref name="configure"/> in a pipeline: the caller only enqueues; batching,
    /// formatting and all I/O happen on the pipeline's writer thread.
    /// </summary>
    /// <param name="loggerSinkConfiguration">The <c>WriteTo</c> of a logger configuration.</param>
    /// <param name="configure">Adds the wrapped sinks, e.g. <c>wt =&gt; wt.FapilogFile("logs/app.jsonl")</c>. Add each sink as its own statement.</param>
    /// <param name="options">The pipeline's options; validated here.</param>
    /// <param name="restrictedToMinimumLevel">The minimum level of events passed to the pipeline. The default is <c>Verbose</c>.</param>
    /// <param name="levelSwitch">A switch that overrides <paramref name="restrictedToMinimumLevel"/> at run time.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or <paramref name="configure"/> adds no sink; the message names it.</exception>
    public static LoggerConfiguration Fapilog(
        this LoggerSinkConfiguration loggerSinkConfiguration,
        Action<LoggerSinkConfiguration> configure,
        FapilogPipelineOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose,
        LoggingLevelSwitch? levelSwitch = null)
        => Fapilog(loggerSinkConfiguration, configure, options, out _, restrictedToMinimumLevel, levelSwitch);

    /// <summary>
    /// Wraps the sinks added by <paramref name="configure"/> in a pipeline, and hands out its
    /// <paramref name="pipeline"/> handle for flushing and counters.
    /// </summary>
    /// <param name="loggerSinkConfiguration">The <c>WriteTo</c> of a logger configuration.</param>
    /// <param name="configure">Adds the wrapped sinks. Add each sink as its own statement.</param>
    /// <param name="options">The pipeline's options; validated here.</param>
    /// <param name="pipeline">The handle on the new pipeline.</param>
    /// <param name="restrictedToMinimumLevel">The minimum level of events passed to the pipeline. The default is <c>Verbose</c>.</param>
    /// <param name="levelSwitch">A switch that overrides <paramref name="restrictedToMinimumLevel"/> at run time.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or <paramref name="configure"/> adds no sink; the message names it.</exception>
    public static LoggerConfiguration Fapilog(
        this LoggerSinkConfiguration loggerSinkConfiguration,
        Action<LoggerSinkConfiguration> configure,
        FapilogPipelineOptions options,
        out FapilogPipeline pipeline,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose,
        LoggingLevelSwitch? levelSwitch = null)
    {
        ArgumentNullException.ThrowIfNull(loggerSinkConfiguration);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(options);
        var validated = options.Clone();
        validated.Validate();

        var sinks = SinkCapture.CaptureForPipeline(configure);
        var sink = new FapilogPipelineSink(sinks, validated);
        pipeline = sink.Handle;
        return loggerSinkConfiguration.Sink(sink, restrictedToMinimumLevel, levelSwitch);
    }

    /// <summary>
    /// Adds one of our outputs: as it is inside a <c>WriteTo.Fapilog(...)</c>, behind a pipeline of its own
    /// (named <paramref name="implicitPipelineName"/>, default options) anywhere else, so that the shortest
    /// form, <c>WriteTo.FapilogFile(path)</c>, never does I/O on the caller thread.
    /// </summary>
    internal static LoggerConfiguration AddOutput(LoggerSinkConfiguration loggerSinkConfiguration, ILogEventSink output, string implicitPipelineName)
    {
        if (SinkCapture.IsInsidePipeline)
        {
            return loggerSinkConfiguration.Sink(output);
        }

        return Fapilog(loggerSinkConfiguration, wt => wt.Sink(output), new FapilogPipelineOptions { Name = implicitPipelineName });
    }

    /// <summary>
    /// The flat form of <c>WriteTo.Fapilog</c>, with every option as a parameter, for code and for
    /// <c>appsettings.json</c> (<c>{"Name": "Fapilog", "Args": {"configure": [ ... ], "queueLimit": 20000}}</c>).
    /// </summary>
    /// <param name="loggerSinkConfiguration">The <c>WriteTo</c> of a logger configuration.</param>
    /// <param name="configure">Adds the wrapped sinks. Add each sink as its own statement.</param>
    /// <param name="queueLimit">Capacity of the bounded queue. The default is 10 000.</param>
    /// <param name="fullMode">What an ordinary event does when the queue is full. The default is <c>Drop</c>.</param>
    /// <param name="maxWait">The bounded wait of <c>Wait</c> mode. The default is 50 ms.</param>
    /// <param name="protectedLevels">Levels that may use the reserve and wait. The default is Error, Fatal, Audit, Security.</param>
    /// <param name="protectedReserve">Slots only protected events may use. The default is max(100, queueLimit / 10).</param>
    /// <param name="protectedMaxWait">How long a protected event waits when the queue is full. The default is 1 s.</param>
    /// <param name="batchSizeLimit">The most events in one batch. The default is 1 000.</param>
    /// <param name="bufferingTimeLimit">The longest wait in a partial batch for sinks that prefer full batches. The default is 250 ms.</param>
    /// <param name="shutdownTimeout">The bound on draining at close. The default is 5 s.</param>
    /// <param name="flushOnProcessExit">Drain on process exit and after an unhandled exception. The default is <see langword="true"/>.</param>
    /// <param name="processExitTimeout">The bound on that drain. The default is 2 s.</param>
    /// <param name="name">The pipeline's name in metrics, SelfLog and <see cref="FapilogPipelines"/>. The default is <c>"default"</c>.</param>
    /// <param name="restrictedToMinimumLevel">The minimum level of events passed to the pipeline. The default is <c>Verbose</c>.</param>
    /// <param name="levelSwitch">A switch that overrides <paramref name="restrictedToMinimumLevel"/> at run time.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public static LoggerConfiguration Fapilog(
        this LoggerSinkConfiguration loggerSinkConfiguration,
        Action<LoggerSinkConfiguration> configure,
        int queueLimit = 10_000,
        QueueFullMode fullMode = QueueFullMode.Drop,
        TimeSpan? maxWait = null,
        FapilogLevel[]? protectedLevels = null,
        int? protectedReserve = null,
        TimeSpan? protectedMaxWait = null,
        int batchSizeLimit = 1_000,
        TimeSpan? bufferingTimeLimit = null,
        TimeSpan? shutdownTimeout = null,
        bool flushOnProcessExit = true,
        TimeSpan? processExitTimeout = null,
        string name = "default",
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose,
        LoggingLevelSwitch? levelSwitch = null)
    {
        var defaults = new FapilogPipelineOptions();
        var options = new FapilogPipelineOptions
        {
            QueueLimit = queueLimit,
            FullMode = fullMode,
            MaxWait = maxWait ?? defaults.MaxWait,
            ProtectedLevels = protectedLevels?.ToArray() ?? defaults.ProtectedLevels,
            ProtectedReserve = protectedReserve,
            ProtectedMaxWait = protectedMaxWait ?? defaults.ProtectedMaxWait,
            BatchSizeLimit = batchSizeLimit,
            BufferingTimeLimit = bufferingTimeLimit ?? defaults.BufferingTimeLimit,
            ShutdownTimeout = shutdownTimeout ?? defaults.ShutdownTimeout,
            FlushOnProcessExit = flushOnProcessExit,
            ProcessExitTimeout = processExitTimeout ?? defaults.ProcessExitTimeout,
            Name = name,
        };
        return Fapilog(loggerSinkConfiguration, configure, options, out _, restrictedToMinimumLevel, levelSwitch);
    }
}
