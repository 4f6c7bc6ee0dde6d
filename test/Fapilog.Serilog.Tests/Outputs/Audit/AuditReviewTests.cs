using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Audit;

/// <summary>Holes found in review: a torn file sealed at a restart, a rotation back to a retired key, hostile files.</summary>
public class AuditReviewTests : IDisposable
{
    private readonly AuditSets _set = new();

    public void Dispose() => _set.Dispose();

    [Fact]
    public void ARestartInALaterPeriod_AfterACrashMidWrite_SealsTheLeftOverFileAfterItsLastWholeLine()
    {
        _set.Write(1, 3, configure: o => o.RollingInterval = FapilogRollingInterval.Day);
        string first = "audit-20261202.jsonl";

        // The process died in the middle of a write: half a line, no line break.
        File.AppendAllText(_set.PathOf(first), "{\"schema_version\":\"1.1\",\"log\":{\"timestamp\":\"2026-");
        Assert.Equal(FapilogAuditDamage.TruncatedTail, _set.Verify().Damage);

        _set.Clock.Advance(TimeSpan.FromDays(1));
        _set.Write(4, 2, configure: o => o.RollingInterval = FapilogRollingInterval.Day);

        Assert.Contains("audit_manifest", _set.Lines(first)[^1], StringComparison.Ordinal);
        Assert.Equal(4, _set.Lines(first).Count);
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(5, report.LastVerifiedSequence);
    }

    [Fact]
    public void ARotationBackToARetiredKey_IsWrongKey()
    {
        _set.Write(1, 3, key: AuditSets.Key1);
        _set.Write(4, 2, key: AuditSets.Key2);
        Assert.True(_set.Verify(AuditSets.Key1, AuditSets.Key2).IsIntact);

        // Whoever still holds the retired key k1 writes a rotation k2 -> k1 and goes on under k1, as the writer
        // itself does when it is given k1 again.
        _set.Write(6, 2, key: AuditSets.Key1);

        var report = _set.Verify(AuditSets.Key1, AuditSets.Key2);
        Assert.Equal(FapilogAuditDamage.WrongKey, report.Damage);
        // Records 1-3 under k1, the rotation to k2 (4), 5-6 under k2; the rotation back is 7.
        Assert.Equal(7, report.Sequence);
        Assert.Equal(6, report.LastVerifiedSequence);
        Assert.Contains("retired", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGzipBomb_OfOneEndlessLine_IsNamedWithoutReadingItWhole()
    {
        _set.Write(1, 4, batch: 1, configure: o => o.FileSizeLimitBytes = 2600);
        var names = _set.FileNames();
        string victim = names[0];
        Assert.DoesNotContain(".gz", victim, StringComparison.Ordinal);

        // Replaces the oldest file by a .gz that inflates to 2.5 GiB of one line: more than a byte array holds.
        var zeros = new byte[1024 * 1024];
        using (var file = File.Create(_set.PathOf(victim + ".gz")))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            for (int i = 0; i < 2560; i++)
            {
                gzip.Write(zeros);
            }
        }

        File.Delete(_set.PathOf(victim));

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Modified, report.Damage);
        Assert.Equal(victim + ".gz", report.File);
        Assert.Equal(1, report.Line);
        Assert.Contains("longer than", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEventLongerThanTheVerifierReads_FailsAlone_AndTheSetStillVerifies()
    {
        using (var sink = _set.Sink())
        {
            sink.EmitBatch(Batches.Of(Some.Audit(1)));
            string huge = new('x', 17 * 1024 * 1024);
            var failed = Assert.ThrowsAny<Exception>(() => sink.EmitBatch(Batches.Of(Some.Event(global::Serilog.Events.LogEventLevel.Fatal, "Audit {N} {Blob}", properties: new[] { ("N", (object?)2), ("Blob", huge), (FapilogProperties.Level, FapilogProperties.AuditValue) }))));
            Assert.Contains("longer than", failed.ToString(), StringComparison.Ordinal);
            sink.EmitBatch(Batches.Of(Some.Audit(3)));
        }

        var lines = _set.Lines("audit.jsonl");
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) < 16 * 1024 * 1024));
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(2, report.LastVerifiedSequence);
    }

    [Fact]
    public void InvalidUtf8AndMissingFields_AreNamed_NotThrown()
    {
        _set.Write(1, 3);
        var bytes = File.ReadAllBytes(_set.PathOf("audit.jsonl")).ToList();
        int second = bytes.IndexOf((byte)'\n') + 1;

        // Invalid UTF-8 in the second record, and a line that is an integrity block without an envelope.
        bytes.InsertRange(second + 20, new byte[] { 0xC3, 0x28, 0xFF });
        bytes.AddRange(Encoding.ASCII.GetBytes(",\"integrity\":{\"seq\":4,\"prev\":\"" + new string('0', 64) + "\",\"kid\":\"k1\",\"mac\":\"" + new string('0', 64) + "\"}}}\n"));
        File.WriteAllBytes(_set.PathOf("audit.jsonl"), bytes.ToArray());

        var report = _set.Verify();
        Assert.Equal(FapilogAuditDamage.Modified, report.Damage);
        Assert.Equal(2, report.Line);
        Assert.Equal(1, report.LastVerifiedSequence);
    }

    [Fact]
    public void TheVerifierTool_OnAFileOfTheSetItCannotRead_ExitsTwo_NotWithACrash()
    {
        _set.Write(1, 3, configure: o => o.RollingInterval = FapilogRollingInterval.Day);

        // A set file that cannot be opened: a link to nowhere, named as the day before's file.
        File.CreateSymbolicLink(_set.PathOf("audit-20261201.jsonl"), Path.Combine(_set.Folder, "no-such-target"));
        string key = Path.Combine(_set.Folder, "..", "k1.key");
        File.WriteAllText(key, Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));

        string tool = Path.Combine(AppContext.BaseDirectory, "Fapilog.Serilog.AuditVerify.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { tool, _set.ConfiguredPath, "--key-file", "k1=" + key })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the tool did not exit");
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("cannot be read", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.Result);
    }

    [Fact]
    public void ADiskFullWrite_OnTheRealDevice_LeavesTheChainWhereTheFileIs()
    {
        bool full = true;
        using (var sink = _set.Sink(out var chain, configure: o => o.OpenStream = path => full
            ? new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1)
            : new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1)))
        {
            Assert.ThrowsAny<IOException>(() => sink.EmitBatch(Batches.Of(Some.Audit(1), Some.Audit(2))));
            Assert.Equal(0, chain.WrittenSequence);

            full = false;
            sink.EmitBatch(Batches.Of(Some.Audit(3)));
            Assert.Equal(1, chain.WrittenSequence);
        }

        var lines = _set.Lines("audit.jsonl");
        Assert.Single(lines);
        Assert.Contains("\"seq\":1,", lines[0], StringComparison.Ordinal);
        Assert.Contains("Audit 3", lines[0], StringComparison.Ordinal);
        Assert.True(_set.Verify().IsIntact, _set.Verify().ToString());
    }

    [Fact]
    public void ASecondWriterOnTheSameSet_FailsItsBatches_UntilTheFirstEnds_AndTheChainDoesNotFork()
    {
        using (var second = _set.Sink())
        {
            using (var first = _set.Sink())
            {
                first.EmitBatch(Batches.Of(Some.Audit(1), Some.Audit(2)));
                var refused = Assert.ThrowsAny<IOException>(() => second.EmitBatch(Batches.Of(Some.Audit(99))));
                Assert.Contains("another writer", refused.Message, StringComparison.Ordinal);
                first.EmitBatch(Batches.Of(Some.Audit(3)));
            }

            // The first writer is gone: the second takes the set over where the file stands.
            second.EmitBatch(Batches.Of(Some.Audit(4)));
        }

        var lines = _set.Lines("audit.jsonl");
        Assert.Equal(4, lines.Count);
        Assert.DoesNotContain(lines, l => l.Contains("Audit 99", StringComparison.Ordinal));
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(4, report.LastVerifiedSequence);
        Assert.True(FapilogAuditVerifier.Verify(_set.Folder, new[] { AuditSets.Key1 }).IsIntact);
    }
}
