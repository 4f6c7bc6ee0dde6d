using System;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs;

/// <summary>Retention and compression through the file sink; each test awaits the background pass it caused.</summary>
public class FileSetMaintenanceTests : IDisposable
{
    private readonly TempFolder _tmp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _tmp.Dispose();

    private RollingFileSink Sink(Action<FapilogFileOptions> configure)
    {
        var options = new FapilogFileOptions { Path = _tmp.File("app.jsonl"), TimeProvider = _clock };
        configure(options);
        return new RollingFileSink(options, new TestLineFormatter());
    }

    private void Existing(params string[] names)
    {
        foreach (var name in names)
        {
            File.WriteAllText(_tmp.File(name), "{\"n\":0,\"l\":\"INFO\"}\n");
        }
    }

    private static string Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task RetentionByCount_AtStart_KeepsTheNewestFilesCountingTheActiveOne()
    {
        Existing("app-20261101.jsonl", "app-20261102.jsonl", "app-20261103.jsonl", "app-20261104.jsonl", "unrelated.txt");
        using var sink = Sink(o => o.RetainedFileCountLimit = 3);

        sink.EmitBatch(Batches.Numbered(1, 1));
        await sink.Maintenance.Idle;

        Assert.Equal(new[] { "app-20261103.jsonl", "app-20261104.jsonl", "app-20261122.jsonl", "unrelated.txt" }, Batches.FileNames(_tmp.Path));
    }

    [Fact]
    public async Task RetentionByCount_AfterEachRoll_DeletesTheOldest()
    {
        using var sink = Sink(o => o.RetainedFileCountLimit = 2);

        for (int day = 0; day < 4; day++)
        {
            sink.EmitBatch(Batches.Numbered(day + 1, 1));
            await sink.Maintenance.Idle;
            _clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(new[] { "app-20261124.jsonl", "app-20261125.jsonl" }, Batches.FileNames(_tmp.Path));
    }

    [Fact]
    public async Task RetentionByAge_DeletesFilesWhosePeriodEndedBeforeTheLimit()
    {
        Existing("app-20261118.jsonl", "app-20261119.jsonl", "app-20261120.jsonl", "app-20261121.jsonl");
        using var sink = Sink(o => { o.RetainedFileCountLimit = null; o.RetainedFileTimeLimit = TimeSpan.FromDays(2); });

        sink.EmitBatch(Batches.Numbered(1, 1));
        await sink.Maintenance.Idle;

        // Now is 22 Nov 10:00: the 19th ended at 20 Nov 00:00, more than two days ago; the 20th ended on the 21st.
        Assert.Equal(new[] { "app-20261120.jsonl", "app-20261121.jsonl", "app-20261122.jsonl" }, Batches.FileNames(_tmp.Path));
    }

    [Fact]
    public async Task NoRetentionLimits_KeepEveryFile()
    {
        Existing("app-20200101.jsonl");
        using var sink = Sink(o => o.RetainedFileCountLimit = null);

        sink.EmitBatch(Batches.Numbered(1, 1));
        await sink.Maintenance.Idle;

        Assert.Equal(new[] { "app-20200101.jsonl", "app-20261122.jsonl" }, Batches.FileNames(_tmp.Path));
    }

    [Fact]
    public async Task Compression_GzipsEachRolledFileAndDeletesTheOriginal_LeavingTheActiveFilePlain()
    {
        using var sink = Sink(o => { o.CompressRolledFiles = true; o.FileSizeLimitBytes = 2 * TestLineFormatter.ShortLineLength; });

        sink.EmitBatch(Batches.Numbered(1, 5));
        await sink.Maintenance.Idle;

        Assert.Equal(new[] { "app-20261122.jsonl.gz", "app-20261122_001.jsonl.gz", "app-20261122_002.jsonl" }, Batches.FileNames(_tmp.Path));
        Assert.Equal(new[] { 1, 2 }, Batches.NumbersIn(Gunzip(_tmp.File("app-20261122.jsonl.gz"))));
        Assert.Equal(new[] { 3, 4 }, Batches.NumbersIn(Gunzip(_tmp.File("app-20261122_001.jsonl.gz"))));
        Assert.Equal(new[] { 5 }, Batches.NumbersInFile(_tmp.File("app-20261122_002.jsonl")));
    }

    [Fact]
    public void Compression_DisposeWaitsForThePendingGzip()
    {
        var sink = Sink(o => o.CompressRolledFiles = true);
        sink.EmitBatch(Batches.Numbered(1, 1));
        _clock.Advance(TimeSpan.FromDays(1));
        sink.EmitBatch(Batches.Numbered(2, 1));

        sink.Dispose();

        Assert.Equal(new[] { "app-20261122.jsonl.gz", "app-20261123.jsonl" }, Batches.FileNames(_tmp.Path));
        Assert.Equal(new[] { 1 }, Batches.NumbersIn(Gunzip(_tmp.File("app-20261122.jsonl.gz"))));
    }

    [Fact]
    public async Task Compression_AtStart_FinishesFilesAPreviousRunRolledButDidNotCompress()
    {
        Existing("app-20261120.jsonl", "app-20261121.jsonl", "app-20261121.jsonl.gz");
        using var sink = Sink(o => o.CompressRolledFiles = true);

        sink.EmitBatch(Batches.Numbered(1, 1));
        await sink.Maintenance.Idle;

        Assert.Equal(new[] { "app-20261120.jsonl.gz", "app-20261121.jsonl.gz", "app-20261122.jsonl" }, Batches.FileNames(_tmp.Path));
        Assert.Equal(new[] { 0 }, Batches.NumbersIn(Gunzip(_tmp.File("app-20261120.jsonl.gz"))));
    }

    [Fact]
    public async Task CompressionAndRetention_CountACompressedFileOnce()
    {
        using var sink = Sink(o => { o.CompressRolledFiles = true; o.RetainedFileCountLimit = 2; });

        for (int day = 0; day < 3; day++)
        {
            sink.EmitBatch(Batches.Numbered(day + 1, 1));
            await sink.Maintenance.Idle;
            _clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(new[] { "app-20261123.jsonl.gz", "app-20261124.jsonl" }, Batches.FileNames(_tmp.Path));
    }
}
