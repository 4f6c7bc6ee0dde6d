using System;
using System.ComponentModel;
using Fapilog.Serilog;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogAuditTrail(...)</c>: AUDIT and SECURITY events, and only those, into a sealed, hash-chained
/// file set that <c>Fapilog.Serilog.AuditVerify</c> checks. Inside <c>WriteTo.Fapilog(wt =&gt; ...)</c> it runs on
/// that pipeline's writer thread; anywhere else behind a pipeline of its own named <c>"audit"</c>.
/// </summary>
/// <example>
/// <code>
/// .WriteTo.FapilogAuditTrail("logs/audit.jsonl", FapilogAuditKey.FromEnvironmentVariable("k1", "AUDIT_KEY"))
/// </code>
/// </example>
public static class FapilogAuditTrailLoggerConfigurationExtensions
{
    private static readonly OptionNaming Arguments = OptionNaming.ForArguments("FapilogAuditTrail");
    private static readonly OptionNaming Properties = OptionNaming.ForOptions(nameof(FapilogAuditTrailOptions));

    /// <summary>
    /// The <c>appsettings.json</c> form of <c>WriteTo.FapilogAuditTrail</c>, which Serilog.Settings.Configuration
    /// calls: every value arrives as text and is parsed here; a missing or wrong one fails at configuration, naming
    /// the argument and the valid values (never a key's value). In code, use the typed overloads.
    /// </summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="path">The audit file path, e.g. <c>logs/audit.jsonl</c>. Required.</param>
    /// <param name="keyId">The key id written in every line. Required.</param>
    /// <param name="keyEnvironmentVariable">The environment variable holding the base64 key; or give <paramref name="keyFile"/>.</param>
    /// <param name="keyFile">The file holding the base64 key; or give <paramref name="keyEnvironmentVariable"/>.</param>
    /// <param name="rollingInterval"><c>Infinite</c>, <c>Year</c>, <c>Month</c>, <c>Day</c>, <c>Hour</c> or <c>Minute</c>. The default is <c>Day</c>.</param>
    /// <param name="fileSizeLimitBytes">Roll before a file would pass this size; <c>null</c> for none. The default is 104857600 (100 MiB).</param>
    /// <param name="retainedFileCountLimit">Most files kept, at least 2; <c>null</c> keeps all. The default is <c>null</c>.</param>
    /// <param name="retainedFileTimeLimit">Delete files older than this (<c>d.hh:mm:ss</c>). The default is none.</param>
    /// <param name="compressRolledFiles"><c>true</c> or <c>false</c>: gzip rolled files. The default is <c>false</c>.</param>
    /// <param name="flushToDisk"><c>true</c> or <c>false</c>: fsync after each batch. The default is <c>true</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object is rejected.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogAuditTrail(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? path = null,
        string? keyId = null,
        string? keyEnvironmentVariable = null,
        string? keyFile = null,
        string? rollingInterval = null,
        string? fileSizeLimitBytes = "104857600",
        string? retainedFileCountLimit = null,
        string? retainedFileTimeLimit = null,
        string? compressRolledFiles = null,
        string? flushToDisk = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogAuditTrail", options);
        var read = new JsonArgumentReader(Arguments, FapilogAuditTrailOptions.ValidValues);
        var parsed = new FapilogAuditTrailOptions { Path = path ?? string.Empty };
        parsed.RollingInterval = read.Enum(rollingInterval, parsed.RollingInterval, nameof(parsed.RollingInterval));
        parsed.FileSizeLimitBytes = read.OptionalInt64(fileSizeLimitBytes, nameof(parsed.FileSizeLimitBytes));
        parsed.RetainedFileCountLimit = read.OptionalInt32(retainedFileCountLimit, nameof(parsed.RetainedFileCountLimit));
        parsed.RetainedFileTimeLimit = read.OptionalTimeSpan(retainedFileTimeLimit, nameof(parsed.RetainedFileTimeLimit));
        parsed.CompressRolledFiles = read.Boolean(compressRolledFiles, parsed.CompressRolledFiles, nameof(parsed.CompressRolledFiles));
        parsed.FlushToDisk = read.Boolean(flushToDisk, parsed.FlushToDisk, nameof(parsed.FlushToDisk));
        if (string.IsNullOrWhiteSpace(keyId))
        {
            throw Arguments.Missing("KeyId", FapilogAuditTrailOptions.ValidValues("KeyId"));
        }

        bool fromVariable = !string.IsNullOrWhiteSpace(keyEnvironmentVariable);
        if (fromVariable == !string.IsNullOrWhiteSpace(keyFile))
        {
            throw fromVariable
                ? Arguments.Invalid("KeyFile", keyFile!, FapilogAuditTrailOptions.ValidValues("KeyFile") + ", not both")
                : Arguments.Missing("KeyEnvironmentVariable", FapilogAuditTrailOptions.ValidValues("KeyFile"));
        }

        parsed.Key = fromVariable
            ? FapilogAuditKey.FromEnvironmentVariable(keyId, keyEnvironmentVariable!)
            : FapilogAuditKey.FromFile(keyId, keyFile!);
        return Add(sinkConfiguration, parsed, Arguments);
    }

    /// <summary>Writes AUDIT and SECURITY events, and only those, into a sealed, hash-chained file set.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="path">The audit file path, e.g. <c>logs/audit.jsonl</c>; the folder is created.</param>
    /// <param name="key">The key that MACs every line.</param>
    /// <param name="rollingInterval">How often to start (and seal) a new file. The default is <see cref="FapilogRollingInterval.Day"/>.</param>
    /// <param name="fileSizeLimitBytes">Roll before a file would pass this size; <see langword="null"/> for none. The default is 100 MiB.</param>
    /// <param name="retainedFileCountLimit">Most files kept, at least 2; <see langword="null"/> keeps all. The default is <see langword="null"/>.</param>
    /// <param name="compressRolledFiles">Gzip rolled files. The default is <see langword="false"/>.</param>
    /// <param name="flushToDisk">fsync after each batch. The default is <see langword="true"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogAuditTrail(
        this LoggerSinkConfiguration sinkConfiguration,
        string path,
        FapilogAuditKey key,
        FapilogRollingInterval rollingInterval = FapilogRollingInterval.Day,
        long? fileSizeLimitBytes = FapilogFileOptions.DefaultFileSizeLimitBytes,
        int? retainedFileCountLimit = null,
        bool compressRolledFiles = false,
        bool flushToDisk = true)
        => Add(
            sinkConfiguration,
            new FapilogAuditTrailOptions
            {
                Path = path,
                Key = key,
                RollingInterval = rollingInterval,
                FileSizeLimitBytes = fileSizeLimitBytes,
                RetainedFileCountLimit = retainedFileCountLimit,
                CompressRolledFiles = compressRolledFiles,
                FlushToDisk = flushToDisk,
            },
            Arguments);

    /// <summary>Writes AUDIT and SECURITY events, and only those, into a sealed file set configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogAuditTrail(this LoggerSinkConfiguration sinkConfiguration, FapilogAuditTrailOptions options)
        => Add(sinkConfiguration, options ?? throw new ArgumentNullException(nameof(options)), Properties);

    private static LoggerConfiguration Add(LoggerSinkConfiguration sinkConfiguration, FapilogAuditTrailOptions options, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, Fapilog.Serilog.FapilogAuditTrail.Create(options, naming), "audit");
    }
}
