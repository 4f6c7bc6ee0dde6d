using System;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogFile(...)</c> and <c>WriteTo.FapilogConsole(...)</c>: Fapilog.Serilog's batch-native outputs.
/// Inside <c>WriteTo.Fapilog(wt => ...)</c> they run on that pipeline's writer thread, one write per batch.
/// Used anywhere else they put themselves behind a pipeline of their own with default options (named
/// <c>"file"</c> or <c>"console"</c> in <see cref="Fapilog.Serilog.FapilogPipelines"/>), so the shortest form
/// never does I/O on the logging thread either.
/// </summary>
/// <remarks>
/// The flat overloads bind from <c>appsettings.json</c> (Serilog.Settings.Configuration) by parameter name.
/// Options are validated here, at configuration time. One process per file set.
/// </remarks>
public static class FapilogOutputsLoggerConfigurationExtensions
{
    /// <summary>Writes JSON lines to a rotating file set.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="path">The log file path, e.g. <c>logs/app.jsonl</c>; the folder is created.</param>
    /// <param name="format">The line format. The default is <see cref="FapilogFormat.Envelope"/>.</param>
    /// <param name="rollingInterval">How often to start a new file. The default is <see cref="FapilogRollingInterval.Day"/>.</param>
    /// <param name="fileSizeLimitBytes">Roll before a file would pass this size; <see langword="null"/> for none. The default is 100 MiB.</param>
    /// <param name="retainedFileCountLimit">Most files kept, the active one included; <see langword="null"/> keeps all. The default is 31.</param>
    /// <param name="retainedFileTimeLimit">Delete files older than this. The default is <see langword="null"/> (no age limit).</param>
    /// <param name="compressRolledFiles">Gzip rolled files in the background. The default is <see langword="false"/>.</param>
    /// <param name="flushToDisk">fsync after each batch. The default is <see langword="false"/>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogFile(
        this LoggerSinkConfiguration sinkConfiguration,
        string path,
        FapilogFormat format = FapilogFormat.Envelope,
        FapilogRollingInterval rollingInterval = FapilogRollingInterval.Day,
        long? fileSizeLimitBytes = FapilogFileOptions.DefaultFileSizeLimitBytes,
        int? retainedFileCountLimit = FapilogFileOptions.DefaultRetainedFileCountLimit,
        TimeSpan? retainedFileTimeLimit = null,
        bool compressRolledFiles = false,
        bool flushToDisk = false,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => sinkConfiguration.FapilogFile(
            Options(path, rollingInterval, fileSizeLimitBytes, retainedFileCountLimit, retainedFileTimeLimit, compressRolledFiles, flushToDisk, format, null),
            restrictedToMinimumLevel);

    /// <summary>Writes lines from any Serilog text formatter to a rotating file set.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="formatter">The text formatter; each event's text is encoded to UTF-8, one line per event.</param>
    /// <param name="path">The log file path, e.g. <c>logs/app.jsonl</c>; the folder is created.</param>
    /// <param name="rollingInterval">How often to start a new file. The default is <see cref="FapilogRollingInterval.Day"/>.</param>
    /// <param name="fileSizeLimitBytes">Roll before a file would pass this size; <see langword="null"/> for none. The default is 100 MiB.</param>
    /// <param name="retainedFileCountLimit">Most files kept, the active one included; <see langword="null"/> keeps all. The default is 31.</param>
    /// <param name="retainedFileTimeLimit">Delete files older than this. The default is <see langword="null"/> (no age limit).</param>
    /// <param name="compressRolledFiles">Gzip rolled files in the background. The default is <see langword="false"/>.</param>
    /// <param name="flushToDisk">fsync after each batch. The default is <see langword="false"/>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogFile(
        this LoggerSinkConfiguration sinkConfiguration,
        ITextFormatter formatter,
        string path,
        FapilogRollingInterval rollingInterval = FapilogRollingInterval.Day,
        long? fileSizeLimitBytes = FapilogFileOptions.DefaultFileSizeLimitBytes,
        int? retainedFileCountLimit = FapilogFileOptions.DefaultRetainedFileCountLimit,
        TimeSpan? retainedFileTimeLimit = null,
        bool compressRolledFiles = false,
        bool flushToDisk = false,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        return sinkConfiguration.FapilogFile(
            Options(path, rollingInterval, fileSizeLimitBytes, retainedFileCountLimit, retainedFileTimeLimit, compressRolledFiles, flushToDisk, FapilogFormat.Envelope, formatter),
            restrictedToMinimumLevel);
    }

    /// <summary>Writes JSON lines to a rotating file set configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogFile(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogFileOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogOutputs.CreateFile(options, restrictedToMinimumLevel), "file");
    }

    /// <summary>Writes to standard output: pretty lines for people or JSON lines for machines.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="format">Pretty, JSON, or <see cref="FapilogConsoleFormat.Auto"/>: pretty on a terminal, JSON when redirected. The default is <see cref="FapilogConsoleFormat.Auto"/>.</param>
    /// <param name="jsonFormat">The JSON line format when JSON is written. The default is <see cref="FapilogFormat.Envelope"/>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogConsole(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogConsoleFormat format = FapilogConsoleFormat.Auto,
        FapilogFormat jsonFormat = FapilogFormat.Envelope,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        FapilogOutputs.ValidateConsole(format, jsonFormat);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogOutputs.CreateConsole(format, jsonFormat, restrictedToMinimumLevel), "console");
    }

    private static FapilogFileOptions Options(
        string path, FapilogRollingInterval rollingInterval, long? fileSizeLimitBytes, int? retainedFileCountLimit,
        TimeSpan? retainedFileTimeLimit, bool compressRolledFiles, bool flushToDisk, FapilogFormat format, ITextFormatter? formatter)
        => new()
        {
            Path = path,
            Format = format,
            Formatter = formatter,
            RollingInterval = rollingInterval,
            FileSizeLimitBytes = fileSizeLimitBytes,
            RetainedFileCountLimit = retainedFileCountLimit,
            RetainedFileTimeLimit = retainedFileTimeLimit,
            CompressRolledFiles = compressRolledFiles,
            FlushToDisk = flushToDisk,
        };
}
