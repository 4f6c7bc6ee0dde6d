using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Outputs.Audit;

namespace Fapilog.Serilog;

/// <summary>
/// Verifies an audit trail file set (<c>WriteTo.FapilogAuditTrail</c>): every record's MAC and chain link, every
/// rolled file's seal and its link to the previous file, plain and <c>.gz</c> files alike. What the
/// <c>Fapilog.Serilog.AuditVerify</c> tool runs.
/// </summary>
/// <remarks>
/// Files that retention deleted from the start of the set are expected: the oldest file present may start
/// mid-chain (unless <c>requireChainStart</c> is set). What cannot be seen: records or whole files removed from the
/// end of the newest, still unsealed file, since nothing after them points back at them.
/// </remarks>
public static class FapilogAuditVerifier
{
    // {prefix}[-{period}][_{seq}]{ext}[.gz]: what the file output names its files.
    private static readonly Regex SetName = new(@"^(?<prefix>.+?)(-(?<period>\d{4}|\d{6}|\d{8}|\d{10}|\d{12}))?(_\d{3,})?(?<ext>\.[^.]+)(\.gz)?$", RegexOptions.CultureInvariant);

    /// <summary>Verifies the set.</summary>
    /// <param name="path">The path the trail was configured with (<c>logs/audit.jsonl</c>), or the folder that holds one set.</param>
    /// <param name="keys">Every key the set may have been written with (older keys for rotated records).</param>
    /// <param name="requireChainStart">Whether the oldest file must start at the chain's first record (nothing deleted by retention).</param>
    /// <returns>The report: intact, or the first damage.</returns>
    /// <exception cref="ArgumentException">The path names no audit file set, or two keys share an id.</exception>
    /// <exception cref="IOException">A file of the set cannot be opened or read (removed while verifying, a dangling link).</exception>
    /// <exception cref="UnauthorizedAccessException">A file of the set cannot be read for lack of permission.</exception>
    public static FapilogAuditReport Verify(string path, IEnumerable<FapilogAuditKey> keys, bool requireChainStart = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(keys);
        var ring = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!ring.TryAdd(key.Id, key.Material))
            {
                throw new ArgumentException($"Fapilog: two audit keys have the id '{key.Id}'; valid values are keys with distinct ids.", nameof(keys));
            }
        }

        var (directory, files) = FindSet(path);
        return new AuditSetWalk(directory, files, ring, requireChainStart).Run();
    }

    /// <summary>The set's files, oldest first; of a slot present in both forms, the complete <c>.gz</c> only.</summary>
    internal static (string Directory, List<LogFileName> Files) FindSet(string path)
    {
        string full = Path.GetFullPath(path);
        string directory;
        string? prefix = null;
        string? extension = null;
        if (Directory.Exists(full))
        {
            directory = full;
        }
        else
        {
            directory = Path.GetDirectoryName(full) ?? Path.GetPathRoot(full)!;
            prefix = Path.GetFileNameWithoutExtension(full);
            extension = Path.GetExtension(full);
        }

        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"Fapilog: the audit trail folder {directory} does not exist; valid values are the configured audit path or its folder.", nameof(path));
        }

        var names = Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.EndsWith(".tmp", StringComparison.Ordinal) && !n.EndsWith(".lock", StringComparison.Ordinal)).ToList();
        var candidates = names
            .Select(n => SetName.Match(n))
            .Where(m => m.Success && (prefix is null || (m.Groups["prefix"].Value == prefix && m.Groups["ext"].Value == extension)))
            .ToList();
        var sets = candidates.Select(m => (Prefix: m.Groups["prefix"].Value, Ext: m.Groups["ext"].Value, Period: m.Groups["period"].Value.Length)).Distinct().ToList();
        if (sets.Count == 0)
        {
            throw new ArgumentException($"Fapilog: no audit trail files in {directory}; valid values are the configured audit path or its folder.", nameof(path));
        }

        if (sets.Select(s => (s.Prefix, s.Ext)).Distinct().Count() > 1 || sets.Count > 1)
        {
            throw new ArgumentException($"Fapilog: {directory} holds more than one file set ({string.Join(", ", sets.Select(s => s.Prefix + s.Ext).Distinct())}); valid values are the configured audit path, e.g. {Path.Combine(directory, sets[0].Prefix + sets[0].Ext)}.", nameof(path));
        }

        var interval = sets[0].Period switch
        {
            0 => FapilogRollingInterval.Infinite,
            4 => FapilogRollingInterval.Year,
            6 => FapilogRollingInterval.Month,
            8 => FapilogRollingInterval.Day,
            10 => FapilogRollingInterval.Hour,
            _ => FapilogRollingInterval.Minute,
        };
        var rolling = new RollingPolicy(sets[0].Prefix, sets[0].Ext, interval);
        var parsed = new List<LogFileName>();
        foreach (var name in names)
        {
            if (rolling.TryParse(name, out var f))
            {
                parsed.Add(f);
            }
        }

        var chosen = parsed
            .GroupBy(f => (f.PeriodStart, f.Sequence))
            .Select(g => g.OrderByDescending(f => f.IsCompressed).First())
            .OrderBy(f => f)
            .ToList();
        return (directory, chosen);
    }
}
