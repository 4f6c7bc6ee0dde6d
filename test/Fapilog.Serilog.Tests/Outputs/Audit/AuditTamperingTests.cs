using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Audit;

/// <summary>Each kind of damage, made by hand on a real set, is found and named at the right place.</summary>
public class AuditTamperingTests : IDisposable
{
    private const string Active = "audit.jsonl";
    private readonly AuditSets _set = new();

    public void Dispose() => _set.Dispose();

    private void TenRecords() => _set.Write(1, 10);

    /// <summary>Three sealed files and an active one: 4 records per file, rolled by size.</summary>
    private string[] RolledSet()
    {
        _set.Write(1, 16, batch: 1, configure: o => o.FileSizeLimitBytes = 2600);
        var names = _set.FileNames();
        Assert.True(names.Length >= 4, string.Join(", ", names));
        Assert.True(_set.Verify().IsIntact, _set.Verify().ToString());
        return names;
    }

    [Fact]
    public void AnUntouchedSet_IsIntact()
    {
        TenRecords();
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(10, report.Records);
        Assert.Equal(FapilogAuditDamage.None, report.Damage);
    }

    [Fact]
    public void AChangedValue_IsModified_AtThatRecord()
    {
        TenRecords();
        _set.Rewrite(Active, lines => lines.Select((l, i) => i == 4 ? l.Replace("Audit 5", "Audit 9", StringComparison.Ordinal) : l).ToList());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Modified, report.Damage);
        Assert.Equal(5, report.Sequence);
        Assert.Equal(5, report.Line);
        Assert.Equal(4, report.LastVerifiedSequence);
    }

    [Fact]
    public void ARemovedRecord_IsDeleted_NamingTheMissingSequence()
    {
        TenRecords();
        _set.Rewrite(Active, lines => lines.Where((_, i) => i != 6).ToList());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Deleted, report.Damage);
        Assert.Equal(7, report.Sequence);
        Assert.Contains("records 7 to 7", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AForgedLine_IsInserted()
    {
        TenRecords();
        _set.Rewrite(Active, lines =>
        {
            var forged = lines[3].Replace("Audit 4", "Audit 4b", StringComparison.Ordinal);
            lines.Insert(4, forged);
            return lines;
        });

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Inserted, report.Damage);
        Assert.Equal(5, report.Line);
    }

    [Fact]
    public void ACopiedRecord_IsInserted()
    {
        TenRecords();
        _set.Rewrite(Active, lines => lines.Append(lines[2]).ToList());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Inserted, report.Damage);
        Assert.Equal(11, report.Line);
    }

    [Fact]
    public void TwoSwappedRecords_AreReordered()
    {
        TenRecords();
        _set.Rewrite(Active, lines => lines.Take(3).Append(lines[4]).Append(lines[3]).Concat(lines.Skip(5)).ToList());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Reordered, report.Damage);
        Assert.Equal(4, report.Line);
    }

    [Fact]
    public void ALastLineCutShort_IsATruncatedTail_AndTheChainIsConfirmedUpToIt()
    {
        TenRecords();
        var bytes = File.ReadAllBytes(_set.PathOf(Active));
        File.WriteAllBytes(_set.PathOf(Active), bytes[..^100]);

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.TruncatedTail, report.Damage);
        Assert.Equal(10, report.Line);
        Assert.Equal(9, report.LastVerifiedSequence);
        Assert.Contains("intact up to sequence 9", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARolledFileWithoutItsSeal_IsATruncatedTail()
    {
        var names = RolledSet();
        _set.Rewrite(names[1], lines => lines.Take(lines.Count - 1).ToList());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.TruncatedTail, report.Damage);
        Assert.Equal(names[1], report.File);
    }

    [Fact]
    public void RecordsRemovedFromARolledFile_AreFoundByItsSeal_OrTheJump()
    {
        var names = RolledSet();
        _set.Rewrite(names[1], lines => lines.Skip(1).ToList());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Deleted, report.Damage);
        Assert.Equal(names[1], report.File);
    }

    [Fact]
    public void AWholeMiddleFileDeleted_IsAMissingFile_NamedBySeal()
    {
        var names = RolledSet();
        File.Delete(_set.PathOf(names[1]));

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.MissingFile, report.Damage);
        Assert.Equal(names[1], report.File);
    }

    [Fact]
    public void TheFileBeforeTheActiveOneDeleted_IsAMissingFile()
    {
        var names = RolledSet();
        File.Delete(_set.PathOf(names[^2]));

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.MissingFile, report.Damage);
    }

    [Fact]
    public void AModifiedSeal_IsModified()
    {
        var names = RolledSet();
        _set.Rewrite(names[0], lines => lines.Select((l, i) => i == lines.Count - 1 ? l.Replace("\"records\":", "\"records\":1", StringComparison.Ordinal) : l).ToList());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Modified, report.Damage);
        Assert.Equal(names[0], report.File);
    }

    [Fact]
    public void AnotherKey_IsWrongKey_AndAMissingKeyIdToo()
    {
        TenRecords();

        var wrong = _set.Verify(FapilogAuditKey.FromBytes("k1", new byte[32]));
        Assert.Equal(FapilogAuditDamage.WrongKey, wrong.Damage);
        Assert.Equal(1, wrong.Sequence);

        var missing = _set.Verify(AuditSets.Key2);
        Assert.Equal(FapilogAuditDamage.WrongKey, missing.Damage);
        Assert.Contains("no key with that id", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOldestFilesDeleted_AsRetentionDoes_StillVerify_UnlessTheStartIsRequired()
    {
        var names = RolledSet();
        File.Delete(_set.PathOf(names[0]));

        Assert.True(_set.Verify().IsIntact, _set.Verify().ToString());
        var strict = FapilogAuditVerifier.Verify(_set.ConfiguredPath, new[] { AuditSets.Key1 }, requireChainStart: true);
        Assert.Equal(FapilogAuditDamage.Deleted, strict.Damage);
    }
}
