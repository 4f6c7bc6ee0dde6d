using System;
using System.Collections.Generic;
using System.IO;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>
/// One verification of a file set, oldest file first, line by line: stops at the first damage and names it. The
/// chain state (next sequence, last hash, key id, last seal) carries from file to file, as the writer's does.
/// </summary>
internal sealed partial class AuditSetWalk
{
    private readonly string _directory;
    private readonly List<LogFileName> _files;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly bool _requireStart;
    private readonly HashSet<string> _verifiedKids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _retiredKids = new(StringComparer.Ordinal);
    private readonly List<string> _read = new();

    private long? _expect;
    private byte[] _prev = AuditLine.Genesis.ToArray();
    private string? _kid;
    private long _records;
    private long? _lastVerified;
    private byte[]? _prevSeal;
    private string? _prevFile;

    public AuditSetWalk(string directory, List<LogFileName> files, Dictionary<string, byte[]> keys, bool requireStart)
    {
        _directory = directory;
        _files = files;
        _keys = keys;
        _requireStart = requireStart;
    }

    public FapilogAuditReport Run()
    {
        for (int i = 0; i < _files.Count; i++)
        {
            var file = _files[i];
            _read.Add(file.Name);
            var entries = AuditFileLines.Read(Path.Combine(_directory, file.Name), file.IsCompressed, out string? error, out long? errorLine);
            if (entries is null)
            {
                return Damage(FapilogAuditDamage.Modified, file.Name, errorLine, null, $"{file.Name} {error}");
            }

            if (WalkFile(file, entries, isFirst: i == 0, isLast: i == _files.Count - 1) is { } damage)
            {
                return damage;
            }
        }

        string range = _lastVerified is null ? "no records" : $"{_records} records up to sequence {_lastVerified}";
        return new FapilogAuditReport(FapilogAuditDamage.None, $"intact: {_read.Count} files, {range}", null, null, null, _records, _lastVerified, _read);
    }

    private FapilogAuditReport? WalkFile(LogFileName file, List<AuditEntry> entries, bool isFirst, bool isLast)
    {
        string plain = file.IsCompressed ? file.Name[..^".gz".Length] : file.Name;
        int lastComplete = entries.FindLastIndex(e => e.Complete);
        var seal = lastComplete >= 0 && entries[lastComplete].IsSeal ? entries[lastComplete] : null;
        var manifest = seal is null ? null : AuditManifest.TryRead(seal.Bytes);
        if (!isFirst && manifest?.PrevFile is { } named && named != _prevFile && seal is not null && MacOk(seal))
        {
            return Damage(FapilogAuditDamage.MissingFile, named, null, _expect,
                $"file {named} is missing: the seal of {file.Name} links to it, but the set goes from {_prevFile} to {file.Name}");
        }

        long fileRecords = 0;
        long? fileFirst = null;
        for (int j = 0; j < entries.Count; j++)
        {
            var e = entries[j];
            if (!e.Complete)
            {
                return Damage(FapilogAuditDamage.TruncatedTail, file.Name, e.Line, _expect,
                    $"{file.Name} line {e.Line} is incomplete (a write cut short); the chain is intact up to {UpTo()}");
            }

            if (e.IsSeal)
            {
                if (CheckSeal(file, plain, e, j, lastComplete, entries, manifest, fileRecords, fileFirst) is { } bad)
                {
                    return bad;
                }

                continue;
            }

            if (CheckRecord(file, entries, j, isFirst, fileRecords == 0, manifest) is { } damage)
            {
                return damage;
            }

            fileRecords++;
            fileFirst ??= e.Seq;
        }

        if (!isLast && seal is null)
        {
            return Damage(FapilogAuditDamage.TruncatedTail, file.Name, null, _expect,
                $"{file.Name} has no seal: its end is missing (every rolled file ends with one); the chain is intact up to {UpTo()}");
        }

        _prevFile = plain;
        return null;
    }

    private FapilogAuditReport? CheckSeal(
        LogFileName file, string plain, AuditEntry e, int j, int lastComplete, List<AuditEntry> entries,
        AuditManifest? manifest, long fileRecords, long? fileFirst)
    {
        if (j != lastComplete)
        {
            var after = entries[j + 1];
            return Damage(FapilogAuditDamage.Inserted, file.Name, after.Line, _expect,
                $"{file.Name} line {after.Line} comes after the file's seal: nothing is written after a seal");
        }

        if (KeyProblem(file, e, entries) is { } keyDamage)
        {
            return keyDamage;
        }

        if (manifest is null || manifest.File != plain || manifest.ChainHash != AuditLine.Hex(_prev) || manifest.Kid != (_kid ?? manifest.Kid))
        {
            return Damage(FapilogAuditDamage.Modified, file.Name, e.Line, null,
                $"the seal of {file.Name} (line {e.Line}) does not describe the file: it names {manifest?.File ?? "nothing"} or another chain position");
        }

        if (_prevSeal is not null && !e.Integrity.Prev.AsSpan().SequenceEqual(_prevSeal))
        {
            return Damage(FapilogAuditDamage.MissingFile, file.Name, e.Line, null,
                $"the seal of {file.Name} does not follow the seal of {_prevFile}: a file between them is missing");
        }

        if (manifest.Records != fileRecords || manifest.FirstSeq != fileFirst || (fileRecords > 0 && manifest.LastSeq != _lastVerified))
        {
            return Damage(FapilogAuditDamage.Deleted, file.Name, null, manifest.FirstSeq,
                $"{file.Name} holds {fileRecords} records but its seal lists {manifest.Records} (sequences {manifest.FirstSeq} to {manifest.LastSeq}): records were deleted");
        }

        _verifiedKids.Add(e.Integrity.Kid);
        _prevSeal = e.Hash;
        return null;
    }

    private string UpTo() => _lastVerified is null ? "no record" : $"sequence {_lastVerified}";

    private FapilogAuditReport Damage(FapilogAuditDamage kind, string? file, long? line, long? sequence, string message)
        => new(kind, message, file, line, sequence, _records, _lastVerified, _read);
}
