using System;
using System.ComponentModel;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs;
using Microsoft.Extensions.Configuration;
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
/// <c>appsettings.json</c> binds to the overloads that take an <see cref="IConfiguration"/>, declared first so that
/// Serilog.Settings.Configuration prefers them to the typed ones (see <see cref="FapilogLoggerConfigurationExtensions"/>):
/// they take every value as text and parse it here. Options are validated here, at configuration time. One process
/// per file set.
/// </remarks>
public static class FapilogOutputsLoggerConfigurationExtensions
{
    /// <summary>
    /// The <c>appsettings.json</c> form of <c>WriteTo.FapilogFile</c>, which Serilog.Settings.Configuration calls:
    /// every value arrives as text and is parsed here, so that a missing path, a wrong value or a misspelled
    /// argument name fails at configuration, naming the argument, the value and the valid values. In code, use the
    /// typed overloads.
    /// </summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="path">The log file path, e.g. <c>logs/app.jsonl</c>. Required.</param>
    /// <param name="format"><c>Envelope</c>, <c>Clef</c> or <c>RenderedClef</c>. The default is <c>Envelope</c>.</param>
    /// <param name="formatter">Any Serilog text formatter, used instead of <paramref name="format"/>. The default is none.</param>
    /// <param name="rollingInterval"><c>Infinite</c>, <c>Year</c>, <c>Month</c>, <c>Day</c>, <c>Hour</c> or <c>Minute</c>. The default is <c>Day</c>.</param>
    /// <param name="fileSizeLimitBytes">Roll before a file would pass this size; <c>null</c> for none. The default is 104857600 (100 MiB).</param>
    /// <param name="retainedFileCountLimit">Most files kept, the active one included; <c>null</c> keeps all. The default is 31.</param>
    /// <param name="retainedFileTimeLimit">Delete files older than this (<c>d.hh:mm:ss</c>). The default is none.</param>
    /// <param name="compressRolledFiles"><c>true</c> or <c>false</c>: gzip rolled files. The default is <c>false</c>.</param>
    /// <param name="flushToDisk"><c>true</c> or <c>false</c>: fsync after each batch. The default is <c>false</c>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogFile(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? path = null,
        string? format = null,
        ITextFormatter? formatter = null,
        string? rollingInterval = null,
        string? fileSizeLimitBytes = "104857600",
        string? retainedFileCountLimit = "31",
        string? retainedFileTimeLimit = null,
        string? compressRolledFiles = null,
        string? flushToDisk = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogFile", options);
        var naming = OptionNaming.FileArguments;
        var read = new JsonArgumentReader(naming, FapilogFileOptions.ValidValues);
        var parsed = new FapilogFileOptions { Path = path ?? string.Empty, Formatter = formatter };
        parsed.Format = read.Enum(format, parsed.Format, nameof(parsed.Format));
        parsed.RollingInterval = read.Enum(rollingInterval, parsed.RollingInterval, nameof(parsed.RollingInterval));
        parsed.FileSizeLimitBytes = read.OptionalInt64(fileSizeLimitBytes, nameof(parsed.FileSizeLimitBytes));
        parsed.RetainedFileCountLimit = read.OptionalInt32(retainedFileCountLimit, nameof(parsed.RetainedFileCountLimit));
        parsed.RetainedFileTimeLimit = read.OptionalTimeSpan(retainedFileTimeLimit, nameof(parsed.RetainedFileTimeLimit));
        parsed.CompressRolledFiles = read.Boolean(compressRolledFiles, parsed.CompressRolledFiles, nameof(parsed.CompressRolledFiles));
        parsed.FlushToDisk = read.Boolean(flushToDisk, parsed.FlushToDisk, nameof(parsed.FlushToDisk));
        return AddFile(sinkConfiguration, parsed, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>
    /// The <c>appsettings.json</c> form of <c>WriteTo.FapilogConsole</c>, which Serilog.Settings.Configuration
    /// calls: every value arrives as text and is parsed here, so that a wrong value or a misspelled argument name
    /// fails at configuration, naming the argument, the value and the valid values. In code, use the typed overload.
    /// </summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="format"><c>Auto</c>, <c>Pretty</c> or <c>Json</c>. The default is <c>Auto</c>.</param>
    /// <param name="jsonFormat"><c>Envelope</c>, <c>Clef</c> or <c>RenderedClef</c>. The default is <c>Envelope</c>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written. The default is <c>Verbose</c>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown or has a value that is not one of its names; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogConsole(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? format = null,
        string? jsonFormat = null,
        string? restrictedToMinimumLevel = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogConsole");
        var read = new JsonArgumentReader(OptionNaming.ConsoleArguments, FapilogOutputs.ConsoleValidValues);
        return sinkConfiguration.FapilogConsole(
            read.Enum(format, FapilogConsoleFormat.Auto, "Format"),
            read.Enum(jsonFormat, FapilogFormat.Envelope, "JsonFormat"),
            read.Level(restrictedToMinimumLevel));
    }

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
        => AddFile(
            sinkConfiguration,
            Options(path, rollingInterval, fileSizeLimitBytes, retainedFileCountLimit, retainedFileTimeLimit, compressRolledFiles, flushToDisk, format, null),
            restrictedToMinimumLevel,
            OptionNaming.FileArguments);

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
        return AddFile(
            sinkConfiguration,
            Options(path, rollingInterval, fileSizeLimitBytes, retainedFileCountLimit, retainedFileTimeLimit, compressRolledFiles, flushToDisk, FapilogFormat.Envelope, formatter),
            restrictedToMinimumLevel,
            OptionNaming.FileArguments);
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
        => AddFile(sinkConfiguration, options, restrictedToMinimumLevel, OptionNaming.FileOptions);

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

    private static LoggerConfiguration AddFile(
        LoggerSinkConfiguration sinkConfiguration, FapilogFileOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogOutputs.CreateFile(options, restrictedToMinimumLevel, naming), "file");
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
