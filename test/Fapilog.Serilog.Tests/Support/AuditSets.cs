using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Outputs.Audit;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>An audit trail in a temp folder: its sink, its keys, and ways to read and damage its files.</summary>
internal sealed class AuditSets : IDisposable
{
    public static readonly FapilogAuditKey Key1 = FapilogAuditKey.FromBytes("k1", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly FapilogAuditKey Key2 = FapilogAuditKey.FromBytes("k2", Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    private readonly TempFolder _tmp = new();

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));

    public string Folder => Path.Combine(_tmp.Path, "audit");

    public string ConfiguredPath => Path.Combine(Folder, "audit.jsonl");

    public void Dispose() => _tmp.Dispose();

    public RollingFileSink Sink(FapilogAuditKey? key = null, Action<FapilogAuditTrailOptions>? configure = null)
        => Sink(out _, key, configure);

    public RollingFileSink Sink(out AuditChain chain, FapilogAuditKey? key = null, Action<FapilogAuditTrailOptions>? configure = null)
    {
        var options = new FapilogAuditTrailOptions
        {
            Path = ConfiguredPath,
            Key = key ?? Key1,
            RollingInterval = FapilogRollingInterval.Infinite,
            FlushToDisk = false,
            TimeProvider = Clock,
        };
        configure?.Invoke(options);
        return FapilogAuditTrail.CreateFile(options, OptionNaming.ForOptions(nameof(FapilogAuditTrailOptions)), out chain);
    }

    /// <summary>Writes audit events <paramref name="from"/> .. in batches of <paramref name="batch"/>, then disposes the sink.</summary>
    public void Write(int from, int count, int batch = 10, FapilogAuditKey? key = null, Action<FapilogAuditTrailOptions>? configure = null)
    {
        using var sink = Sink(key, configure);
        for (int i = 0; i < count; i += batch)
        {
            sink.EmitBatch(Batches.Of(Enumerable.Range(from + i, Math.Min(batch, count - i)).Select(Some.Audit).ToArray()));
        }
    }

    public FapilogAuditReport Verify(params FapilogAuditKey[] keys)
        => FapilogAuditVerifier.Verify(ConfiguredPath, keys.Length == 0 ? new[] { Key1 } : keys);

    /// <summary>The set's files, without the writer's hidden lock file.</summary>
    public string[] FileNames() => Batches.FileNames(Folder).Where(n => !n.StartsWith('.')).ToArray();

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The lines of a file (a .gz one decompressed), each without its line break.</summary>
    public List<string> Lines(string name)
    {
        using var file = File.OpenRead(PathOf(name));
        using var stream = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>Rewrites a plain file's lines (each gets its line break back).</summary>
    public void Rewrite(string name, Func<List<string>, List<string>> change)
        => File.WriteAllText(PathOf(name), string.Concat(change(Lines(name)).Select(l => l + "\n")));
}
