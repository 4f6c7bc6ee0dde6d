using System;
using System.IO;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Audit;

/// <summary>A real process killed while it writes its audit trail: what it flushed verifies, and a restart goes on.</summary>
public class AuditCrashTests : IDisposable
{
    private readonly AuditSets _set = new();

    public void Dispose() => _set.Dispose();

    [Fact]
    public void AProcessKilledMidWrite_LeavesAChainIntactUpToItsLastWholeRecord_AndARestartContinuesIt()
    {
        Directory.CreateDirectory(_set.Folder);
        string keyFile = Path.Combine(_set.Folder, "..", "k1.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(AuditSets.Key1.Material));

        using (var probe = ChildProcess.StartProbe("audit-kill", _set.ConfiguredPath, "50", keyFile))
        {
            string? line = probe.StandardOutput.ReadLine();
            Assert.Equal("flushed", line);

            // Let it write on past the flush before the kill, so that the kill finds it writing.
            Assert.True(
                System.Threading.SpinWait.SpinUntil(() => new FileInfo(_set.PathOf("audit.jsonl")).Length > 200_000, TimeSpan.FromSeconds(60)),
                "the probe did not go on writing");
            probe.Kill();
            Assert.True(probe.WaitForExit(30_000));
        }

        var crashed = _set.Verify();
        Assert.True(
            crashed.IsIntact || crashed.Damage == FapilogAuditDamage.TruncatedTail,
            crashed.ToString());
        Assert.True(crashed.LastVerifiedSequence >= 50, crashed.ToString());

        // The restart cuts any torn line and numbers on from the last whole record.
        long before = crashed.LastVerifiedSequence!.Value;
        _set.Write(1000, 3);
        var resumed = _set.Verify();
        Assert.True(resumed.IsIntact, resumed.ToString());
        Assert.Equal(before + 3, resumed.LastVerifiedSequence);
    }
}
