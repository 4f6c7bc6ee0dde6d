using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Audit;

public class AuditRollingTests : IDisposable
{
    private readonly AuditSets _set = new();

    public void Dispose() => _set.Dispose();

    [Fact]
    public void RollCompressionAndRetention_LeaveASetThatVerifies()
    {
        using (var sink = _set.Sink(configure: o =>
        {
            o.FileSizeLimitBytes = 2600;
            o.CompressRolledFiles = true;
            o.RetainedFileCountLimit = 3;
        }))
        {
            for (int n = 1; n <= 30; n++)
            {
                sink.EmitBatch(Batches.Of(Some.Audit(n)));
                Assert.True(sink.Maintenance.Idle.Wait(TimeSpan.FromSeconds(30)), "maintenance did not finish");
            }
        }

        var names = _set.FileNames();
        Assert.Equal(3, names.Length);
        Assert.Equal(2, names.Count(n => n.EndsWith(".gz", StringComparison.Ordinal)));
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(30, report.LastVerifiedSequence);
        Assert.True(report.Records < 30, "retention deleted the oldest files");
    }

    [Fact]
    public void EachRolledFile_EndsWithASignedManifest_LinkedToThePreviousOne()
    {
        _set.Write(1, 12, batch: 1, configure: o => o.FileSizeLimitBytes = 2600);
        var names = _set.FileNames();
        Assert.True(names.Length >= 3, string.Join(", ", names));

        string? previousSeal = null;
        long expectFirst = 1;
        foreach (var name in names[..^1])
        {
            var lines = _set.Lines(name);
            using var doc = JsonDocument.Parse(lines[^1]);
            var log = doc.RootElement.GetProperty("log");
            var m = log.GetProperty("audit_manifest");
            Assert.Equal(name, m.GetProperty("file").GetString());
            Assert.Equal(lines.Count - 1, m.GetProperty("records").GetInt64());
            Assert.Equal(expectFirst, m.GetProperty("first_seq").GetInt64());
            long last = m.GetProperty("last_seq").GetInt64();
            Assert.Equal(expectFirst + lines.Count - 2, last);
            Assert.Equal(JsonDocument.Parse(lines[0]).RootElement.GetProperty("log").GetProperty("timestamp").GetString(), m.GetProperty("first_timestamp").GetString());
            var lastRecord = System.Text.Encoding.UTF8.GetBytes(lines[^2] + "\n");
            Assert.Equal(Hex(System.Security.Cryptography.SHA256.HashData(lastRecord)), m.GetProperty("chain_hash").GetString());
            Assert.Equal("k1", m.GetProperty("kid").GetString());
            Assert.Equal(previousSeal is null ? null : names[Array.IndexOf(names, name) - 1], m.GetProperty("prev_file").GetString());
            Assert.Equal(previousSeal, m.GetProperty("prev_manifest").GetString());
            Assert.Equal(64, log.GetProperty("integrity").GetProperty("mac").GetString()!.Length);
            previousSeal = Hex(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lines[^1] + "\n")));
            expectFirst = last + 1;
        }

        Assert.True(_set.Verify().IsIntact);
    }

    [Fact]
    public void ATimeRoll_SealsTheFile_AndARestartInALaterPeriodSealsTheOneLeftOpen()
    {
        _set.Write(1, 3, configure: o => o.RollingInterval = FapilogRollingInterval.Day);
        Assert.DoesNotContain("audit_manifest", _set.Lines("audit-20261202.jsonl")[^1], StringComparison.Ordinal);

        // A restart the next day: the file the last process left open is sealed before the chain goes on.
        _set.Clock.Advance(TimeSpan.FromDays(1));
        using (var sink = _set.Sink(configure: o => o.RollingInterval = FapilogRollingInterval.Day))
        {
            sink.EmitBatch(Batches.Of(Some.Audit(4), Some.Audit(5)));

            // A roll in the running process seals as well.
            _set.Clock.Advance(TimeSpan.FromDays(1));
            sink.EmitBatch(Batches.Of(Some.Audit(6)));
        }

        Assert.Equal(new[] { "audit-20261202.jsonl", "audit-20261203.jsonl", "audit-20261204.jsonl" }, _set.FileNames());
        Assert.Contains("audit_manifest", _set.Lines("audit-20261202.jsonl")[^1], StringComparison.Ordinal);
        Assert.Contains("audit_manifest", _set.Lines("audit-20261203.jsonl")[^1], StringComparison.Ordinal);
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(6, report.LastVerifiedSequence);
    }

    [Fact]
    public void ASealedFileLeftAsTheLatest_IsNeverAppendedTo()
    {
        _set.Write(1, 6, batch: 1, configure: o => o.FileSizeLimitBytes = 2600);
        var names = _set.FileNames();

        // As if the process had died between a seal and opening the next file.
        string latest = names[^1];
        File.Delete(_set.PathOf(latest));
        _set.Write(7, 1, configure: o => o.FileSizeLimitBytes = 2600);

        Assert.Contains("audit_manifest", _set.Lines(names[^2])[^1], StringComparison.Ordinal);
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(names.Length, _set.FileNames().Length);
        Assert.DoesNotContain(latest, _set.Lines(names[^2])[^1], StringComparison.Ordinal);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
