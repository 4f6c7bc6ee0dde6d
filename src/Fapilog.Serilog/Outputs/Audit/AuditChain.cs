using System;
using System.Buffers;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>
/// The hash chain of an audit trail file set. As the formatter of its <see cref="RollingFileSink"/> it ends each
/// envelope line with an integrity block (sequence, previous record's hash, key id, HMAC-SHA256 of the line); as the
/// sink's <see cref="IFileChain"/> it learns which lines reached the file and seals each file at its roll.
/// </summary>
/// <remarks>
/// Two positions: the formatter's (where the next line is numbered from) runs ahead while a batch is encoded; the
/// written one advances only with lines the file took. A failed write closes the file and the next open recovers
/// both from the file's own tail (<see cref="Opened"/>), so the chain is never ahead of the file. Not thread-safe:
/// used under the sink's lock, on the writer thread.
/// </remarks>
internal sealed partial class AuditChain : IUtf8EventFormatter, IFileChain, IDisposable
{
    private readonly IUtf8EventFormatter _inner;
    private readonly FapilogAuditKey _key;
    private readonly bool _flushToDisk;
    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly RollingPolicy _rolling;
    private readonly string _lockPath;
    private readonly PooledByteBuffer _line = new();
    private readonly System.Security.Cryptography.IncrementalHash _hmac;
    private readonly System.Security.Cryptography.IncrementalHash _sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

    // The formatter's position: the last line numbered (written or about to be).
    private long _nextSeq;
    private readonly byte[] _nextPrev = new byte[AuditLine.HashLength];

    // The written position: the last record that reached a file, and the open file's records so far.
    private long _seq;
    private byte[] _hash = AuditLine.Genesis.ToArray();
    private string? _kid;
    private FileRecords _records;

    // The seal of the previous file, which the open file's seal links to.
    private string? _prevFile;
    private byte[]? _prevManifest;

    private bool _needsRecovery = true;

    public AuditChain(IUtf8EventFormatter inner, FapilogAuditKey key, bool flushToDisk, TimeProvider time, string directory, RollingPolicy rolling, string lockPath)
    {
        _lockPath = lockPath;
        _inner = inner;
        _key = key;
        _flushToDisk = flushToDisk;
        _time = time;
        _directory = directory;
        _rolling = rolling;
        _hmac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA256, key.Material);
    }

    /// <summary>The last sequence number that reached a file (tests and diagnostics).</summary>
    internal long WrittenSequence => _seq;

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        Invariants.Holds(!_needsRecovery, "the audit chain formats only once its file is open");
        _line.Clear();
        _inner.Format(in logEvent, _line);
        if (!_line.WrittenSpan.EndsWith(AuditLine.EnvelopeEnd))
        {
            throw new FormatException("Fapilog: an audit trail line must be a fapilog envelope line ending with '}}' and a line break.");
        }

        _line.Truncate(_line.Count - AuditLine.EnvelopeEnd.Length);
        AuditLine.Append(_line, seal: false, _nextSeq + 1, _nextPrev, _key, _hmac);
        var line = _line.WrittenSpan;
        if (line.Length > AuditLine.MaxLineBytes)
        {
            // Numbered but not taken: the next line gets the same number.
            throw new FormatException($"Fapilog: an audit trail line of {line.Length} bytes is longer than the {AuditLine.MaxLineBytes} bytes the verifier reads; the event is not written.");
        }

        line.CopyTo(output.GetSpan(line.Length));
        output.Advance(line.Length);
        _sha.AppendData(line);
        _sha.GetHashAndReset(_nextPrev);
        _nextSeq++;
    }

    public void Written(ReadOnlySpan<byte> first, ReadOnlySpan<byte> last, int count)
    {
        if (!AuditLine.TryParse(last, out var end))
        {
            return;
        }

        if (_records.Count == 0)
        {
            long firstSeq = AuditLine.TryParse(first, out var start) ? start.Number : end.Number - count + 1;
            _records = new FileRecords(0, firstSeq, AuditRecords.TimestampOf(first), 0, null);
        }

        _records = _records with { Count = _records.Count + count, LastSeq = end.Number, LastTimestamp = AuditRecords.TimestampOf(last) };
        _seq = end.Number;
        _hash = AuditLine.Hash(last);
        _kid = end.Kid;
    }

    public void Failed() => _needsRecovery = true;

    public void Rolling(ActiveLogFile file, LogFileName name)
    {
        if (_needsRecovery)
        {
            return;
        }

        var manifest = Manifest(name.Name, _records, _hash, _kid ?? _key.Id, _prevFile, _prevManifest);
        byte[] seal = AuditRecords.Seal(manifest, _seq, _prevManifest ?? AuditLine.Genesis, _time.GetUtcNow(), _key, _line);
        file.Write(seal);
        if (_flushToDisk)
        {
            file.FlushToDisk();
        }

        _prevFile = name.Name;
        _prevManifest = AuditLine.Hash(seal);
        _records = default;
    }

    public void Dispose()
    {
        _line.Dispose();
        _hmac.Dispose();
        _sha.Dispose();
        _writerLock?.Dispose();
        _writerLock = null;
    }

    private static AuditManifest Manifest(string fileName, FileRecords records, byte[] hash, string kid, string? prevFile, byte[]? prevManifest) => new(
        fileName,
        records.Count,
        records.Count == 0 ? null : records.FirstSeq,
        records.Count == 0 ? null : records.LastSeq,
        records.FirstTimestamp,
        records.LastTimestamp,
        AuditLine.Hex(hash),
        kid,
        prevFile,
        prevManifest is null ? null : AuditLine.Hex(prevManifest));

    /// <summary>The records of one file: how many, and its first and last.</summary>
    private readonly record struct FileRecords(long Count, long FirstSeq, string? FirstTimestamp, long LastSeq, string? LastTimestamp);
}
