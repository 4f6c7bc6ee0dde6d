using System;
using System.IO;
using System.IO.Compression;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>
/// Where the chain stands at the end of one file of the set, read from the file itself: the last record (or the
/// seal's manifest), the file's first record, and whether it is sealed. What a restart continues from.
/// </summary>
internal sealed record AuditFileState(
    bool HasChain, long ChainSeq, byte[] ChainHash, string? ChainKid,
    long Records, long FirstSeq, string? FirstTimestamp, long LastSeq, string? LastTimestamp,
    bool IsSealed, byte[]? SealHash)
{
    public static readonly AuditFileState Empty = new(false, 0, AuditLine.Genesis.ToArray(), null, 0, 0, null, 0, null, false, null);

    /// <summary>Reads a file of the set (a <c>.gz</c> one decompressed); a missing file reads as empty.</summary>
    /// <exception cref="InvalidDataException">The file's last line is not a line of the chain: it cannot be continued.</exception>
    public static AuditFileState Read(string path, bool compressed)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var stream = compressed ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new AuditLineReader(stream);
        byte[]? first = null;
        byte[]? last = null;
        while (reader.TryRead(out var line, out bool complete))
        {
            if (!complete)
            {
                // A torn last line was never a record: the chain stands at the line before it.
                break;
            }

            if (first is null && AuditLine.TryParse(line, out var i) && !i.IsSeal)
            {
                first = line;
            }

            last = line;
        }

        if (reader.TooLong)
        {
            throw new InvalidDataException($"Fapilog: the audit trail cannot be continued: {path} has a line longer than {AuditLine.MaxLineBytes} bytes (verify the set with Fapilog.Serilog.AuditVerify).");
        }

        if (last is null)
        {
            return Empty;
        }

        if (!AuditLine.TryParse(last, out var end))
        {
            throw new InvalidDataException($"Fapilog: the audit trail cannot be continued: the last line of {path} is not a line of the chain (verify the set with Fapilog.Serilog.AuditVerify).");
        }

        if (end.IsSeal)
        {
            var manifest = AuditManifest.TryRead(last)
                ?? throw new InvalidDataException($"Fapilog: the audit trail cannot be continued: the seal of {path} has no readable manifest.");
            return new AuditFileState(
                true, end.Number, Convert.FromHexString(manifest.ChainHash), manifest.Kid,
                manifest.Records, manifest.FirstSeq ?? 0, manifest.FirstTimestamp, manifest.LastSeq ?? 0, manifest.LastTimestamp,
                true, AuditLine.Hash(last));
        }

        long firstSeq = AuditLine.TryParse(first ?? last, out var start) ? start.Number : end.Number;
        return new AuditFileState(
            true, end.Number, AuditLine.Hash(last), end.Kid,
            end.Number - firstSeq + 1, firstSeq, AuditRecords.TimestampOf(first ?? last), end.Number, AuditRecords.TimestampOf(last),
            false, null);
    }
}
