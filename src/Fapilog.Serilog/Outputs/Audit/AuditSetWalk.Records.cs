using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>The checks of one chain record, and how a break is told apart: modified, inserted, deleted, reordered.</summary>
internal sealed partial class AuditSetWalk
{
    private FapilogAuditReport? CheckRecord(LogFileName file, List<AuditEntry> entries, int j, bool isFirstFile, bool fileStart, AuditManifest? manifest)
    {
        var e = entries[j];
        if (!e.HasIntegrity)
        {
            return Skippable(entries, j)
                ? Damage(FapilogAuditDamage.Inserted, file.Name, e.Line, _expect, $"{file.Name} line {e.Line} is not a record of the chain, which runs on around it: the line was inserted")
                : Damage(FapilogAuditDamage.Modified, file.Name, e.Line, _expect, $"{file.Name} line {e.Line} is no longer a record of the chain (its integrity block is gone or changed): modified");
        }

        if (KeyProblem(file, e, entries) is { } keyDamage)
        {
            return keyDamage;
        }

        long seq = e.Seq;
        if (_expect is not long expect)
        {
            if (_requireStart && (seq != 1 || !e.Integrity.Prev.AsSpan().SequenceEqual(AuditLine.Genesis)))
            {
                return Damage(FapilogAuditDamage.Deleted, file.Name, e.Line, 1, $"the chain starts at record 1, but the oldest record present is {seq} ({file.Name} line {e.Line})");
            }
        }
        else if (seq == expect)
        {
            if (!e.Integrity.Prev.AsSpan().SequenceEqual(_prev))
            {
                return Damage(FapilogAuditDamage.Inserted, file.Name, e.Line, seq, $"record {seq} ({file.Name} line {e.Line}) does not link to record {seq - 1}: it comes from another chain");
            }
        }
        else if (seq > expect)
        {
            if (AppearsLater(entries, j, expect, seq - 1))
            {
                return Damage(FapilogAuditDamage.Reordered, file.Name, e.Line, seq, $"record {seq} ({file.Name} line {e.Line}) comes before record {expect}, which appears later: reordered");
            }

            if (fileStart && !isFirstFile && (manifest is null || manifest.FirstSeq == seq))
            {
                return Damage(FapilogAuditDamage.MissingFile, file.Name, null, expect,
                    $"records {expect} to {seq - 1} are missing between {_prevFile} and {file.Name}: a whole file is missing");
            }

            return Damage(FapilogAuditDamage.Deleted, file.Name, e.Line, expect,
                $"records {expect} to {seq - 1} are missing before {file.Name} line {e.Line} (record {seq}): deleted");
        }
        else
        {
            return AppearsLater(entries, j, expect, expect)
                ? Damage(FapilogAuditDamage.Reordered, file.Name, e.Line, seq, $"record {seq} ({file.Name} line {e.Line}) comes after record {expect - 1} and before record {expect}: reordered")
                : Damage(FapilogAuditDamage.Inserted, file.Name, e.Line, seq, $"record {seq} ({file.Name} line {e.Line}) is a second copy of a record already verified: inserted");
        }

        string kid = e.Integrity.Kid;
        if (_kid is not null && kid != _kid)
        {
            if (!IsRotation(e.Bytes, _kid, kid))
            {
                return Damage(FapilogAuditDamage.WrongKey, file.Name, e.Line, seq,
                    $"record {seq} ({file.Name} line {e.Line}) is under key '{kid}' but the chain is under key '{_kid}' and no rotation record moved it");
            }

            // A rotation is signed by the new key only: one back to a key the chain already left would let whoever
            // still holds that retired key go on writing the chain.
            if (_retiredKids.Contains(kid))
            {
                return Damage(FapilogAuditDamage.WrongKey, file.Name, e.Line, seq,
                    $"record {seq} ({file.Name} line {e.Line}) rotates the chain back to key '{kid}', which it was rotated away from: a retired key is never used again");
            }

            _retiredKids.Add(_kid);
        }

        _expect = seq + 1;
        _prev = e.Hash;
        _kid = kid;
        _records++;
        _lastVerified = seq;
        return null;
    }

    /// <summary>A record or seal whose key is missing, or whose MAC fails: the key is wrong, or the line was changed.</summary>
    private FapilogAuditReport? KeyProblem(LogFileName file, AuditEntry e, List<AuditEntry> entries)
    {
        string kid = e.Integrity.Kid;
        string what = e.IsSeal ? $"the seal of {file.Name}" : $"record {e.Seq} ({file.Name} line {e.Line})";
        if (!_keys.ContainsKey(kid))
        {
            return Damage(FapilogAuditDamage.WrongKey, file.Name, e.Line, e.IsSeal ? null : e.Seq, $"{what} is under key '{kid}', and no key with that id was given");
        }

        if (MacOk(e))
        {
            _verifiedKids.Add(kid);
            return null;
        }

        if (!_verifiedKids.Contains(kid) && !entries.Exists(x => x.HasIntegrity && x.Integrity.Kid == kid && MacOk(x)))
        {
            return Damage(FapilogAuditDamage.WrongKey, file.Name, e.Line, e.IsSeal ? null : e.Seq,
                $"{what} does not verify under the key given for '{kid}', and no other line under that id does: the key is wrong");
        }

        int j = entries.IndexOf(e);
        return !e.IsSeal && Skippable(entries, j)
            ? Damage(FapilogAuditDamage.Inserted, file.Name, e.Line, _expect, $"{file.Name} line {e.Line} has a MAC that does not verify and the chain runs on around it: the line was inserted")
            : Damage(FapilogAuditDamage.Modified, file.Name, e.Line, e.IsSeal ? null : e.Seq, $"{what} was modified: its MAC does not match its bytes");
    }

    private bool MacOk(AuditEntry e)
        => e.HasIntegrity && _keys.TryGetValue(e.Integrity.Kid, out var key) && AuditLine.MacMatches(e.Bytes, e.Integrity, key);

    /// <summary>Whether the chain goes on past line <paramref name="j"/> as if it were not there: the next line is the record expected.</summary>
    private bool Skippable(List<AuditEntry> entries, int j)
    {
        if (_expect is not long expect || j + 1 >= entries.Count)
        {
            return false;
        }

        var next = entries[j + 1];
        return next.IsRecord && next.Seq == expect && next.Integrity.Prev.AsSpan().SequenceEqual(_prev) && MacOk(next);
    }

    /// <summary>Whether a verified record numbered from <paramref name="from"/> to <paramref name="to"/> comes after line <paramref name="j"/>.</summary>
    private bool AppearsLater(List<AuditEntry> entries, int j, long from, long to)
    {
        for (int k = j + 1; k < entries.Count; k++)
        {
            var x = entries[k];
            if (x.IsRecord && x.Seq >= from && x.Seq <= to && MacOk(x))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRotation(byte[] line, string fromKid, string toKid)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("log").TryGetProperty(AuditRecords.RotationProperty, out var r)
                && r.GetProperty("from_kid").GetString() == fromKid
                && r.GetProperty("to_kid").GetString() == toKid;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
