using System;
using Serilog.Formatting;

namespace Fapilog.Serilog;

/// <summary>Options of the rotating JSON-lines file output (<c>WriteTo.FapilogFile(...)</c>).</summary>
/// <remarks>
/// One process per file set: two processes writing the same <see cref="Path"/> would interleave, roll and delete
/// each other's files. Give each process its own path (e.g. include the process or pod name).
/// </remarks>
public sealed class FapilogFileOptions
{
    /// <summary>The default <see cref="FileSizeLimitBytes"/>: 100 MiB.</summary>
    public const long DefaultFileSizeLimitBytes = 100L * 1024 * 1024;

    /// <summary>The default <see cref="RetainedFileCountLimit"/>: 31.</summary>
    public const int DefaultRetainedFileCountLimit = 31;

    /// <summary>
    /// The path of the log file, e.g. <c>logs/app.jsonl</c>; the period and sequence are inserted before the
    /// extension (<c>logs/app-20261122.jsonl</c>). The folder is created. Required.
    /// </summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The line format. Ignored when <see cref="Formatter"/> is set. The default is <see cref="FapilogFormat.Envelope"/>.</summary>
    public FapilogFormat Format { get; set; } = FapilogFormat.Envelope;

    /// <summary>
    /// Any Serilog text formatter, used instead of <see cref="Format"/>; each event's text is encoded to UTF-8.
    /// The default is <see langword="null"/> (use <see cref="Format"/>).
    /// </summary>
    public ITextFormatter? Formatter { get; set; }

    /// <summary>How often to start a new file. The default is <see cref="FapilogRollingInterval.Day"/>.</summary>
    public FapilogRollingInterval RollingInterval { get; set; } = FapilogRollingInterval.Day;

    /// <summary>
    /// Roll to a new file (<c>_001</c>, <c>_002</c>, …) before a write would make the file larger than this;
    /// <see langword="null"/> for no limit. An event larger than the limit is written alone in its own file.
    /// The default is 100 MiB.
    /// </summary>
    public long? FileSizeLimitBytes { get; set; } = DefaultFileSizeLimitBytes;

    /// <summary>
    /// Keep at most this many files of the set, the active one included; <see langword="null"/> keeps all.
    /// The default is 31.
    /// </summary>
    public int? RetainedFileCountLimit { get; set; } = DefaultRetainedFileCountLimit;

    /// <summary>
    /// Delete files whose period ended longer ago than this (for <see cref="FapilogRollingInterval.Infinite"/>,
    /// whose last write is older). The active file is never deleted. The default is <see langword="null"/> (no age limit).
    /// </summary>
    public TimeSpan? RetainedFileTimeLimit { get; set; }

    /// <summary>
    /// Gzip each file once it is rolled (<c>app-20261122.jsonl.gz</c>), on a background task rather than in the
    /// next batch. The default is <see langword="false"/>.
    /// </summary>
    public bool CompressRolledFiles { get; set; }

    /// <summary>
    /// Ask the operating system to write each batch through to the disk (<c>fsync</c>) before the batch counts as
    /// written: for audit trails that must survive a power loss, at a large cost in throughput. The default is
    /// <see langword="false"/> (each batch is handed to the operating system, which survives a process crash).
    /// </summary>
    public bool FlushToDisk { get; set; }

    /// <summary>The clock that drives rolling and retention; tests pass a manual one.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Opens a file for appending; tests inject faults and count writes here.</summary>
    internal Func<string, System.IO.Stream>? OpenStream { get; set; }

    /// <summary>Checks every option, naming the option and its range when one is wrong.</summary>
    internal void Validate() => Validate(OptionNaming.FileOptions);

    /// <summary>Checks every option, naming it as <paramref name="naming"/> does (a property or an argument of <c>WriteTo.FapilogFile</c>).</summary>
    internal void Validate(OptionNaming naming)
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw naming.Missing(nameof(Path), ValidValues(nameof(Path)));
        }

        if (Path.Contains('\0', StringComparison.Ordinal))
        {
            // Found here rather than by the first Path.GetFullPath, whose error names "path", not the option.
            throw naming.Invalid(nameof(Path), Path.Replace("\0", "\\0", StringComparison.Ordinal), ValidValues(nameof(Path)) + " without NUL characters");
        }

        if (System.IO.Path.GetFileNameWithoutExtension(Path).Length == 0)
        {
            throw naming.Invalid(nameof(Path), Path, ValidValues(nameof(Path)) + ", not a folder");
        }

        Require(Enum.IsDefined(Format), nameof(Format), (int)Format, naming);
        Require(Enum.IsDefined(RollingInterval), nameof(RollingInterval), (int)RollingInterval, naming);
        Require(FileSizeLimitBytes is null or > 0, nameof(FileSizeLimitBytes), FileSizeLimitBytes, naming);
        Require(RetainedFileCountLimit is null or >= 1, nameof(RetainedFileCountLimit), RetainedFileCountLimit, naming);
        Require(RetainedFileTimeLimit is null || RetainedFileTimeLimit > TimeSpan.Zero, nameof(RetainedFileTimeLimit), RetainedFileTimeLimit, naming);
    }

    /// <summary>
    /// The values <paramref name="option"/> accepts, as the messages list them: the one description used both
    /// when a value is out of range and when a configuration text does not parse.
    /// </summary>
    internal static string ValidValues(string option) => option switch
    {
        nameof(Path) => "a file path such as logs/app.jsonl",
        nameof(Format) => OptionNaming.Names<FapilogFormat>(),
        nameof(RollingInterval) => OptionNaming.Names<FapilogRollingInterval>(),
        nameof(FileSizeLimitBytes) => "a size in bytes, at least 1, or null for no limit",
        nameof(RetainedFileCountLimit) => "at least 1 (the active file counts), or null to keep all files",
        nameof(RetainedFileTimeLimit) => "time spans written [d.]hh:mm:ss[.fff] greater than 00:00:00, or null for no age limit",
        nameof(CompressRolledFiles) or nameof(FlushToDisk) => "true, false",
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not an option of FapilogFileOptions."),
    };

    private static void Require(bool condition, string option, object? value, OptionNaming naming)
    {
        if (!condition)
        {
            throw naming.OutOfRange(option, OptionNaming.Show(value), ValidValues(option));
        }
    }
}
