using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>What <see cref="FapilogAuditVerifier"/> found: intact, or the first damage and where it is.</summary>
public sealed class FapilogAuditReport
{
    internal FapilogAuditReport(
        FapilogAuditDamage damage, string message, string? file, long? line, long? sequence,
        long records, long? lastVerifiedSequence, IReadOnlyList<string> files)
    {
        Damage = damage;
        Message = message;
        File = file;
        Line = line;
        Sequence = sequence;
        Records = records;
        LastVerifiedSequence = lastVerifiedSequence;
        Files = files;
    }

    /// <summary>Whether every file, record and seal verified.</summary>
    public bool IsIntact => Damage == FapilogAuditDamage.None;

    /// <summary>The first damage found; <see cref="FapilogAuditDamage.None"/> when intact.</summary>
    public FapilogAuditDamage Damage { get; }

    /// <summary>One sentence: what was verified, or what is wrong and where.</summary>
    public string Message { get; }

    /// <summary>The file of the first damage (its name, no folder); null when intact.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of the first damage in <see cref="File"/>; null when the damage is a whole file.</summary>
    public long? Line { get; }

    /// <summary>The sequence number at the damage (the record's, or the first one missing), when known.</summary>
    public long? Sequence { get; }

    /// <summary>The chain records verified before the damage (all of them when intact).</summary>
    public long Records { get; }

    /// <summary>The last sequence number verified: the chain is confirmed up to it. Null when no record verified.</summary>
    public long? LastVerifiedSequence { get; }

    /// <summary>The files of the set that were read, oldest first.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The damage kind and the message.</summary>
    /// <returns>e.g. <c>Modified: record 12 ...</c>.</returns>
    public override string ToString() => $"{Damage}: {Message}";
}
