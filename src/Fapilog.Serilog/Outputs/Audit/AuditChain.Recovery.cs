using System;
using System.IO;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>Recovery: where the chain stands, read from the set's own files at the first open and after a failure.</summary>
internal sealed partial class AuditChain
{
    public bool Opened(ActiveLogFile file, LogFileName name, string path)
    {
        HoldWriterLock();
        if (!_needsRecovery && file.Length == 0)
        {
            // A roll: the chain goes on from memory into the new file.
            return true;
        }

        var active = AuditFileState.Read(path, compressed: false);
        if (active.IsSealed)
        {
            return false;
        }

        var previous = FileBefore(name);
        var before = previous is { } p ? AuditFileState.Read(Full(p), p.IsCompressed) : null;
        if (previous is { IsCompressed: false } unsealed && before is { IsSealed: false, HasChain: true })
        {
            // The process that wrote it ended before its roll: seal it now, as the roll would have.
            before = SealLeftOver(unsealed, before);
        }

        _prevFile = before is { IsSealed: true } ? PlainName(previous!.Value) : null;
        _prevManifest = before?.SealHash;
        var from = active.HasChain ? active : before is { HasChain: true } ? before : AuditFileState.Empty;
        _seq = from.ChainSeq;
        _hash = from.ChainHash;
        _kid = from.ChainKid;
        _records = active.HasChain
            ? new FileRecords(active.Records, active.FirstSeq, active.FirstTimestamp, active.LastSeq, active.LastTimestamp)
            : default;
        _nextSeq = _seq;
        _hash.CopyTo(_nextPrev, 0);
        _needsRecovery = false;

        if (_kid is not null && !string.Equals(_kid, _key.Id, StringComparison.Ordinal))
        {
            WriteRotation(file);
        }

        return true;
    }

    /// <summary>Records in the chain that the key changed: the first record under the new key.</summary>
    private void WriteRotation(ActiveLogFile file)
    {
        byte[] line = AuditRecords.Rotation(_kid!, _seq + 1, _hash, _time.GetUtcNow(), _key, _line);
        try
        {
            file.Write(line);
            if (_flushToDisk)
            {
                file.FlushToDisk();
            }
        }
        catch
        {
            _needsRecovery = true;
            throw;
        }

        Written(line, line, 1);
        _nextSeq = _seq;
        _hash.CopyTo(_nextPrev, 0);
    }

    private AuditFileState SealLeftOver(LogFileName file, AuditFileState state)
    {
        string path = Full(file);
        var predecessor = FileBefore(file);
        AuditFileState? link = null;
        try
        {
            link = predecessor is { } q ? AuditFileState.Read(Full(q), q.IsCompressed) : null;
        }
        catch (InvalidDataException)
        {
            // A damaged predecessor is the verifier's to report; this seal then links to none.
        }

        bool linked = link is { IsSealed: true };
        var records = new FileRecords(state.Records, state.FirstSeq, state.FirstTimestamp, state.LastSeq, state.LastTimestamp);
        var manifest = Manifest(file.Name, records, state.ChainHash, state.ChainKid ?? _key.Id,
            linked ? PlainName(predecessor!.Value) : null, linked ? link!.SealHash : null);
        byte[] seal = AuditRecords.Seal(manifest, state.ChainSeq, linked ? link!.SealHash! : AuditLine.Genesis, _time.GetUtcNow(), _key, _line);

        // A crash in the middle of a write left half a line: the seal goes after the last whole one, as a record
        // would (appended to the fragment, it would make one line that no MAC covers).
        IncompleteLineRepair.Repair(path);
        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(seal);
            stream.Flush(flushToDisk: _flushToDisk);
        }

        return state with { IsSealed = true, SealHash = AuditLine.Hash(seal) };
    }

    /// <summary>The set's latest file before <paramref name="name"/>; of a slot in both forms, the complete <c>.gz</c>.</summary>
    private LogFileName? FileBefore(LogFileName name)
    {
        if (!Directory.Exists(_directory))
        {
            return null;
        }

        LogFileName? best = null;
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (_rolling.TryParse(Path.GetFileName(path), out var f) && f.CompareTo(name) < 0
                && (best is null || f.CompareTo(best.Value) > 0 || (f.SameSlot(best.Value) && f.IsCompressed)))
            {
                best = f;
            }
        }

        return best;
    }

    private string Full(LogFileName f) => Path.Combine(_directory, f.Name);

    private static string PlainName(LogFileName f) => f.IsCompressed ? f.Name[..^".gz".Length] : f.Name;
}
