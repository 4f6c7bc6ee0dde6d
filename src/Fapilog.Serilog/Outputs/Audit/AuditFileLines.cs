using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>One line of a file under verification, with what the verifier needs of it.</summary>
internal sealed class AuditEntry
{
    public AuditEntry(long line, byte[] bytes, bool complete)
    {
        Line = line;
        Bytes = bytes;
        Complete = complete;
        AuditIntegrity integrity = default;
        HasIntegrity = complete && AuditLine.TryParse(bytes, out integrity);
        Integrity = integrity;
        Hash = AuditLine.Hash(bytes);
    }

    /// <summary>1-based.</summary>
    public long Line { get; }

    public byte[] Bytes { get; }

    public bool Complete { get; }

    public bool HasIntegrity { get; }

    public AuditIntegrity Integrity { get; }

    public byte[] Hash { get; }

    public bool IsRecord => HasIntegrity && !Integrity.IsSeal;

    public bool IsSeal => HasIntegrity && Integrity.IsSeal;

    public long Seq => Integrity.Number;
}

/// <summary>Reads a file of the set for the verifier, decompressing a <c>.gz</c> one.</summary>
internal static class AuditFileLines
{
    /// <summary>
    /// The file's lines; null with <paramref name="error"/> set (and <paramref name="errorLine"/>, when one line is at
    /// fault) when a compressed file cannot be decompressed or a line is longer than the trail writes.
    /// </summary>
    public static List<AuditEntry>? Read(string path, bool compressed, out string? error, out long? errorLine)
    {
        error = null;
        errorLine = null;
        var entries = new List<AuditEntry>();
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var stream = compressed ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var reader = new AuditLineReader(stream);
            long n = 0;
            while (reader.TryRead(out var line, out bool complete))
            {
                entries.Add(new AuditEntry(++n, line, complete));
            }

            if (reader.TooLong)
            {
                errorLine = n + 1;
                error = $"line {n + 1} is longer than {AuditLine.MaxLineBytes} bytes, longer than any line the trail writes";
                return null;
            }
        }
        catch (InvalidDataException ex)
        {
            error = $"cannot be decompressed ({ex.Message})";
            return null;
        }

        return entries;
    }
}
