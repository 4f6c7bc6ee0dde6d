using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Audit;

public class AuditChainTests : IDisposable
{
    private readonly AuditSets _set = new();

    public void Dispose() => _set.Dispose();

    [Fact]
    public void EachLine_CarriesSequencePrevAndMac_OverItsOwnStoredBytes()
    {
        _set.Write(1, 5);

        var lines = _set.Lines("audit.jsonl");
        Assert.Equal(5, lines.Count);
        byte[] prev = new byte[32];
        for (int i = 0; i < lines.Count; i++)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(lines[i] + "\n");
            using var doc = JsonDocument.Parse(bytes);
            var integrity = doc.RootElement.GetProperty("log").GetProperty("integrity");
            Assert.Equal(i + 1, integrity.GetProperty("seq").GetInt64());
            Assert.Equal("k1", integrity.GetProperty("kid").GetString());
            Assert.Equal(Convert.ToHexString(prev).ToLowerInvariant(), integrity.GetProperty("prev").GetString());

            // Recomputed independently: HMAC over every byte before the MAC digits, as documented.
            string mac = integrity.GetProperty("mac").GetString()!;
            int macAt = lines[i].LastIndexOf(mac, StringComparison.Ordinal);
            var expected = System.Security.Cryptography.HMACSHA256.HashData(AuditSets.Key1.Material, bytes.AsSpan(0, macAt));
            Assert.Equal(Convert.ToHexString(expected).ToLowerInvariant(), mac);
            prev = System.Security.Cryptography.SHA256.HashData(bytes);
        }

        Assert.True(_set.Verify().IsIntact);
    }

    [Fact]
    public void EveryLine_SealsAndRotationsIncluded_IsSchemaValid()
    {
        _set.Write(1, 30, configure: o => o.FileSizeLimitBytes = 2000);
        _set.Write(31, 3, key: AuditSets.Key2, configure: o => o.FileSizeLimitBytes = 2000);

        var all = _set.FileNames().SelectMany(_set.Lines).ToList();
        Assert.Contains(all, l => l.Contains("\"audit_manifest\"", StringComparison.Ordinal));
        Assert.Contains(all, l => l.Contains("\"audit_key_rotation\"", StringComparison.Ordinal));
        var (valid, report) = SchemaValidator.Validate(SchemaValidator.EnvelopeSchema, string.Join("\n", all));
        Assert.True(valid, report);
    }

    [Fact]
    public void AFailedWrite_NeverLeavesTheChainAheadOfTheFile_TheNextBatchContinuesFromTheFile()
    {
        bool fail = false;
        using (var sink = _set.Sink(out var chain, configure: o => o.OpenStream = path => new FaultyFileStream(path, () => fail)))
        {
            sink.EmitBatch(Batches.Of(Some.Audit(1), Some.Audit(2)));
            fail = true;
            Assert.ThrowsAny<IOException>(() => sink.EmitBatch(Batches.Of(Some.Audit(3), Some.Audit(4))));
            Assert.Equal(2, chain.WrittenSequence);
            fail = false;
            sink.EmitBatch(Batches.Of(Some.Audit(5)));
            Assert.Equal(3, chain.WrittenSequence);
        }

        var lines = _set.Lines("audit.jsonl");
        Assert.Equal(3, lines.Count);
        Assert.Contains("\"seq\":3,", lines[2], StringComparison.Ordinal);
        Assert.Contains("Audit 5", lines[2], StringComparison.Ordinal);
        Assert.True(_set.Verify().IsIntact, _set.Verify().ToString());
    }

    [Fact]
    public void ARestart_ContinuesTheChain_FromTheTailOfTheLastFile()
    {
        _set.Write(1, 4);
        _set.Write(5, 3);

        var lines = _set.Lines("audit.jsonl");
        Assert.Equal(7, lines.Count);
        Assert.Contains("\"seq\":5,", lines[4], StringComparison.Ordinal);
        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(7, report.LastVerifiedSequence);
    }

    [Fact]
    public void ARestartAfterATornLastLine_CutsTheFragment_AndContinuesFromTheLastWholeRecord()
    {
        _set.Write(1, 4);
        var bytes = File.ReadAllBytes(_set.PathOf("audit.jsonl"));
        File.WriteAllBytes(_set.PathOf("audit.jsonl"), bytes[..^40]);
        Assert.Equal(FapilogAuditDamage.TruncatedTail, _set.Verify().Damage);

        _set.Write(5, 2);

        var report = _set.Verify();
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(5, report.LastVerifiedSequence);
    }

    [Fact]
    public void ANewKey_IsARotationRecordedInTheChain_AndTheSetVerifiesWithBothKeys()
    {
        _set.Write(1, 3);
        _set.Write(4, 2, key: AuditSets.Key2);

        var lines = _set.Lines("audit.jsonl");
        Assert.Equal(6, lines.Count);
        using (var doc = JsonDocument.Parse(lines[3]))
        {
            var log = doc.RootElement.GetProperty("log");
            Assert.Equal("k1", log.GetProperty("audit_key_rotation").GetProperty("from_kid").GetString());
            Assert.Equal("k2", log.GetProperty("audit_key_rotation").GetProperty("to_kid").GetString());
            Assert.Equal("k2", log.GetProperty("integrity").GetProperty("kid").GetString());
        }

        Assert.True(_set.Verify(AuditSets.Key1, AuditSets.Key2).IsIntact);
        var withoutOld = _set.Verify(AuditSets.Key2);
        Assert.Equal(FapilogAuditDamage.WrongKey, withoutOld.Damage);
        Assert.Contains("'k1'", withoutOld.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoLineAndNoMessage_EverHoldsTheKey()
    {
        string secret = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());
        string keyFile = _set.PathOf("../key.txt");
        File.WriteAllText(keyFile, secret);
        var key = FapilogAuditKey.FromFile("k9", keyFile);
        _set.Write(1, 3, key: key);

        string text = File.ReadAllText(_set.PathOf("audit.jsonl"));
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(key.Material), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, key.ToString(), StringComparison.Ordinal);
        var wrong = _set.Verify(FapilogAuditKey.FromBytes("k9", new byte[32]));
        Assert.DoesNotContain(secret, wrong.Message, StringComparison.Ordinal);
        Assert.Equal(FapilogAuditDamage.WrongKey, wrong.Damage);

        File.WriteAllText(keyFile, secret[..10] + "!!");
        var error = Assert.Throws<ArgumentException>(() => FapilogAuditKey.FromFile("k9", keyFile));
        Assert.DoesNotContain(secret[..10], error.Message, StringComparison.Ordinal);
        Assert.Contains("base64", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A real file whose writes fail on demand, after putting half the bytes on disk (like ENOSPC).</summary>
    private sealed class FaultyFileStream : FileStream
    {
        private readonly Func<bool> _fail;

        public FaultyFileStream(string path, Func<bool> fail)
            : base(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1)
            => _fail = fail;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_fail())
            {
                base.Write(buffer[..(buffer.Length / 2)]);
                Flush();
                throw new IOException("disk full (test)");
            }

            base.Write(buffer);
        }
    }
}
