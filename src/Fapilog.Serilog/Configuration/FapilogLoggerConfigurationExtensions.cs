using System;
using System.ComponentModel;
using System.Linq;
using Fapilog.Serilog;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace Serilog;

/// <summary><c>WriteTo.Fapilog(...)</c>: the non-blocking sink wrapper with one dedicated writer thread.</summary>
/// <remarks>
/// The overload that takes an <see cref="IConfiguration"/> is the one <c>appsettings.json</c> binds to; it is
/// declared first on purpose. Serilog.Settings.Configuration picks, among the overloads it can call, the one that
/// matches most of the given argument names, then the one with most <see cref="string"/> parameters among them,
/// then the first declared: so the text overload wins against the typed ones in every case, and every
/// <c>WriteTo.Fapilog</c> entry of a configuration file comes through it.
/// </remarks>
public static class FapilogLoggerConfigurationExtensions
{
    /// <summary>
    /// The <c>appsettings.json</c> form of <c>WriteTo.Fapilog</c>, which Serilog.Settings.Configuration calls: every
    /// argument arrives as text and is parsed here, so that a wrong value, a misspelled argument name, a missing or
    /// misspelled sink, or a <c>configure</c> that adds no sink fails at configuration, naming the argument, the
    /// value and the valid values. In code, use the typed overloads.
    /// </summary>
    /// <param name="loggerSinkConfiguration">The <c>WriteTo</c> of a logger configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="configure">The wrapped sinks (the nested <c>configure</c> array). Required.</param>
    /// <param name="queueLimit">Capacity of the bounded queue, 1 to 67 108 864. The default is 10 000.</param>
    /// <param name="fullMode"><c>Drop</c> or <c>Wait</c>. The default is <c>Drop</c>.</param>
    /// <param name="maxWait">The bounded wait of <c>Wait</c> mode, <c>hh:mm:ss.fff</c> or <c>Infinite</c>. The default is 00:00:00.050.</param>
    /// <param name="protectedLevels">Level names (Verbose … Security) that may use the reserve and wait; <c>[]</c> protects nothing. The default is Error, Fatal, Audit, Security.</param>
    /// <param name="protectedReserve">Slots only protected events may use. The default is max(100, queueLimit / 10).</param>
    /// <param name="protectedMaxWait">How long a protected event waits when the queue is full, or <c>Infinite</c>. The default is 00:00:01.</param>
    /// <param name="batchSizeLimit">The most events in one batch, 1 to 1 000 000. The default is 1 000.</param>
    /// <param name="bufferingTimeLimit">The longest wait in a partial batch for sinks that prefer full batches. The default is 00:00:00.250.</param>
    /// <param name="shutdownTimeout">The bound on draining at close. The default is 00:00:05.</param>
    /// <param name="flushOnProcessExit"><c>true</c> or <c>false</c>: drain on process exit and after an unhandled exception. The default is <c>true</c>.</param>
    /// <param name="processExitTimeout">The bound on that drain. The default is 00:00:02.</param>
    /// <param name="name">The pipeline's name in metrics, SelfLog and <see cref="FapilogPipelines"/>. The default is <c>"default"</c>.</param>
    /// <param name="reportInterval">At most one SelfLog summary per failure kind per interval. The default is 00:00:10.</param>
    /// <param name="restrictedToMinimumLevel">The minimum level of events passed to the pipeline. The default is <c>Verbose</c>.</param>
    /// <param name="levelSwitch">A switch (<c>"$name"</c> of a declared <c>LevelSwitches</c> entry) that overrides <paramref name="restrictedToMinimumLevel"/> at run time.</param>
    /// <param name="sampling">An object of sampling options (<see cref="FapilogSamplingOptions"/>, camel case): <c>levelRates</c>, <c>exemptLevels</c>, <c>rateLimit</c>, <c>repeats</c>, <c>duplicateErrors</c>. The default is none.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <param name="redaction">An object of redaction options in camel case (<c>{ "presets": [ "Credentials", "PCI_DSS" ] }</c>); <c>{ "enabled": false }</c> switches it off. The default is on, with the Credentials preset.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration Fapilog(
        this LoggerSinkConfiguration loggerSinkConfiguration,
        IConfiguration appConfiguration,
        Action<LoggerSinkConfiguration>? configure = null,
        string? queueLimit = null,
        string? fullMode = null,
        string? maxWait = null,
        string[]? protectedLevels = null,
        string? protectedReserve = null,
        string? protectedMaxWait = null,
        string? batchSizeLimit = null,
        string? bufferingTimeLimit = null,
        string? shutdownTimeout = null,
        string? flushOnProcessExit = null,
        string? processExitTimeout = null,
        string? name = null,
        string? reportInterval = null,
        string? restrictedToMinimumLevel = null,
        LoggingLevelSwitch? levelSwitch = null,
        IConfigurationSection? sampling = null,
        IConfigurationSection? options = null,
        IConfigurationSection? redaction = null)
    {
        JsonEntries.Check(loggerSinkConfiguration, appConfiguration, "Fapilog", options);
        var naming = OptionNaming.PipelineArguments;
        if (configure is null)
        {
            throw naming.Missing("Configure", "one or more sinks, e.g. [ { \"Name\": \"FapilogFile\", \"Args\": { \"path\": \"logs/app.jsonl\" } } ]");
        }

        var parsed = new FapilogPipelineOptions();
        var read = new JsonArgumentReader(naming, option => parsed.ValidValues(option, naming));
        parsed.QueueLimit = read.Int32(queueLimit, parsed.QueueLimit, nameof(parsed.QueueLimit));
        parsed.FullMode = read.Enum(fullMode, parsed.FullMode, nameof(parsed.FullMode));
        parsed.MaxWait = read.TimeSpan(maxWait, parsed.MaxWait, nameof(parsed.MaxWait), allowInfinite: true);
        parsed.ProtectedLevels = read.EnumList<FapilogLevel>(protectedLevels, nameof(parsed.ProtectedLevels)) ?? parsed.ProtectedLevels;
        parsed.ProtectedReserve = read.OptionalInt32(protectedReserve, nameof(parsed.ProtectedReserve));
        parsed.ProtectedMaxWait = read.TimeSpan(protectedMaxWait, parsed.ProtectedMaxWait, nameof(parsed.ProtectedMaxWait), allowInfinite: true);
        parsed.BatchSizeLimit = read.Int32(batchSizeLimit, parsed.BatchSizeLimit, nameof(parsed.BatchSizeLimit));
        parsed.BufferingTimeLimit = read.TimeSpan(bufferingTimeLimit, parsed.BufferingTimeLimit, nameof(parsed.BufferingTimeLimit));
        parsed.ShutdownTimeout = read.TimeSpan(shutdownTimeout, parsed.ShutdownTimeout, nameof(parsed.ShutdownTimeout));
        parsed.FlushOnProcessExit = read.Boolean(flushOnProcessExit, parsed.FlushOnProcessExit, nameof(parsed.FlushOnProcessExit));
        parsed.ProcessExitTimeout = read.TimeSpan(processExitTimeout, parsed.ProcessExitTimeout, nameof(parsed.ProcessExitTimeout));
        parsed.Name = name ?? parsed.Name;
        parsed.ReportInterval = read.TimeSpan(reportInterval, parsed.ReportInterval, nameof(parsed.ReportInterval));
        parsed.Sampling = sampling is null ? null : SamplingArguments.Read(sampling, naming.Nested(nameof(parsed.Sampling)));
        if (redaction is not null)
        {
            RedactionJson.Read(parsed.Redaction, naming, redaction);
        }

        return AddPipeline(loggerSinkConfiguration, configure, parsed, naming, fromConfiguration: true, out _, read.Level(restrictedToMinimumLevel), levelSwitch);
    }

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
        ArgumentNullException.ThrowIfNull(options);
        return AddPipeline(loggerSinkConfiguration, configure, options, OptionNaming.PipelineOptions, fromConfiguration: false, out pipeline, restrictedToMinimumLevel, levelSwitch);
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
    /// The flat form of <c>WriteTo.Fapilog</c> for code, with every option but the clock as a parameter
    /// (<c>appsettings.json</c> binds to the text overload, with the same argument names).
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
    /// <param name="reportInterval">At most one SelfLog summary per failure kind per interval. The default is 10 s.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is out of range, or <paramref name="configure"/> adds no sink; the message names it.</exception>
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
        LoggingLevelSwitch? levelSwitch = null,
        TimeSpan? reportInterval = null)
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
            ReportInterval = reportInterval ?? defaults.ReportInterval,
        };
        return AddPipeline(loggerSinkConfiguration, configure, options, OptionNaming.PipelineArguments, fromConfiguration: false, out _, restrictedToMinimumLevel, levelSwitch);
    }

    private static LoggerConfiguration AddPipeline(
        LoggerSinkConfiguration loggerSinkConfiguration,
        Action<LoggerSinkConfiguration> configure,
        FapilogPipelineOptions options,
        OptionNaming naming,
        bool fromConfiguration,
        out FapilogPipeline pipeline,
        LogEventLevel restrictedToMinimumLevel,
        LoggingLevelSwitch? levelSwitch)
    {
        ArgumentNullException.ThrowIfNull(loggerSinkConfiguration);
        ArgumentNullException.ThrowIfNull(configure);
        var validated = options.Clone();
        validated.Validate(naming);

        var sinks = SinkCapture.CaptureForPipeline(configure, fromConfiguration);
        var sink = new FapilogPipelineSink(sinks, validated);
        pipeline = sink.Handle;
        return loggerSinkConfiguration.Sink(sink, restrictedToMinimumLevel, levelSwitch);
    }
}
