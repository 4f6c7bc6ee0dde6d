using System;

namespace Fapilog.Serilog;

/// <summary>
/// Options of the sealed audit trail (<c>WriteTo.FapilogAuditTrail(...)</c>): a rotating envelope file that takes
/// only AUDIT and SECURITY events, chains every line with HMAC-SHA256 and seals every rolled file with a manifest.
/// </summary>
/// <remarks>One process per file set, as for the file output. Verify a set with <c>Fapilog.Serilog.AuditVerify</c>.</remarks>
public sealed class FapilogAuditTrailOptions
{
    /// <summary>The path of the audit file, e.g. <c>logs/audit.jsonl</c>, named as the file output names it. Required.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// The key that MACs every line (<see cref="FapilogAuditKey.FromEnvironmentVariable"/>, <see cref="FapilogAuditKey.FromFile"/>).
    /// A key whose id differs from the one the set was last written with is a rotation, recorded in the chain. Required.
    /// </summary>
    public FapilogAuditKey? Key { get; set; }

    /// <summary>How often to start (and seal) a new file. The default is <see cref="FapilogRollingInterval.Day"/>.</summary>
    public FapilogRollingInterval RollingInterval { get; set; } = FapilogRollingInterval.Day;

    /// <summary>Roll (and seal) before a file would pass this size; <see langword="null"/> for no limit. The default is 100 MiB.</summary>
    public long? FileSizeLimitBytes { get; set; } = FapilogFileOptions.DefaultFileSizeLimitBytes;

    /// <summary>
    /// Keep at most this many files, the active one included, at least 2 (a restart continues the chain from the
    /// previous file); <see langword="null"/> keeps all. The default is <see langword="null"/>.
    /// </summary>
    public int? RetainedFileCountLimit { get; set; }

    /// <summary>Delete files whose period ended longer ago than this. The default is <see langword="null"/> (no age limit).</summary>
    public TimeSpan? RetainedFileTimeLimit { get; set; }

    /// <summary>Gzip each file once it is rolled and sealed; the verifier reads both forms. The default is <see langword="false"/>.</summary>
    public bool CompressRolledFiles { get; set; }

    /// <summary>
    /// fsync each batch (and each seal) before it counts as written, so that a power loss cannot take records the
    /// application was told were written. The default is <see langword="true"/>.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal Func<string, System.IO.Stream>? OpenStream { get; set; }

    /// <summary>The values each option accepts, as the messages list them.</summary>
    internal static string ValidValues(string option) => option switch
    {
        nameof(Key) => "a key from FapilogAuditKey.FromEnvironmentVariable, FromFile or FromBytes",
        "KeyId" => FapilogAuditKey.Describe("id"),
        "KeyEnvironmentVariable" or "KeyFile" => "exactly one of keyEnvironmentVariable (a variable holding the base64 key) and keyFile (a file holding it)",
        nameof(RetainedFileCountLimit) => "at least 2 (the active file counts), or null to keep all files",
        _ => FapilogFileOptions.ValidValues(option),
    };

    /// <summary>The file output's options for this trail (checked by their own rules, named as this type's).</summary>
    internal FapilogFileOptions ToFileOptions() => new()
    {
        Path = Path,
        Format = FapilogFormat.Envelope,
        RollingInterval = RollingInterval,
        FileSizeLimitBytes = FileSizeLimitBytes,
        RetainedFileCountLimit = RetainedFileCountLimit,
        RetainedFileTimeLimit = RetainedFileTimeLimit,
        CompressRolledFiles = CompressRolledFiles,
        FlushToDisk = FlushToDisk,
        TimeProvider = TimeProvider,
        OpenStream = OpenStream,
    };

    internal void Validate(OptionNaming naming)
    {
        if (Key is null)
        {
            throw naming.Missing(nameof(Key), ValidValues(nameof(Key)));
        }

        if (RetainedFileCountLimit is < 2)
        {
            throw naming.OutOfRange(nameof(RetainedFileCountLimit), OptionNaming.Show(RetainedFileCountLimit), ValidValues(nameof(RetainedFileCountLimit)));
        }

        ToFileOptions().Validate(naming);
    }
}
