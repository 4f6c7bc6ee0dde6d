using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs;

public class FilePreallocationTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void For_AStreamThatIsNoFile_IsNull()
    {
        using var stream = new MemoryStream();

        Assert.Null(FilePreallocation.For(stream));
    }

    [Fact]
    public void For_AFile_IsThereOnLinuxOnly()
    {
        using var stream = new FileStream(Path.Combine(_tmp.Path, "a.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, FilePreallocation.For(stream) is not null);
    }

    [Fact]
    public void Ensure_ReservesAheadWithoutChangingTheSizeReadersSee()
    {
        string path = Path.Combine(_tmp.Path, "a.jsonl");
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        stream.Write("{\"n\":1}\n"u8);

        var preallocation = FilePreallocation.For(stream);
        Assert.NotNull(preallocation); // Linux, 64-bit: For_AFile_IsThereOnLinuxOnly
        preallocation.Ensure(8, 100);

        Assert.Equal(FilePreallocation.Step, preallocation.ReservedEnd);
        Assert.Equal(8, stream.Length);
        Assert.Equal(8, new FileInfo(path).Length);
    }

    [Fact]
    public void Release_KeepsEveryByteOfTheFile_AndAnotherWriteAppendsAfterThem()
    {
        string path = Path.Combine(_tmp.Path, "a.jsonl");
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var preallocation = FilePreallocation.For(stream);
        preallocation?.Ensure(0, 8);
        stream.Write("{\"n\":1}\n"u8);

        FilePreallocation.Release(preallocation, stream);
        stream.Write("{\"n\":2}\n"u8);

        Assert.Equal(new[] { 1, 2 }, Batches.NumbersIn(Batches.ReadShared(path)));
    }

    [Fact]
    public void Release_AfterARefusedReservation_StillHandsBackWhatTheRefusalMayHaveLeft()
    {
        // A file system can refuse part-way (the disk fills during the call) and keep the blocks it had allocated by
        // then, past the end of the file: the release must truncate then too. An offset past the largest file ext4 or
        // XFS allow is refused there (tmpfs may grant it: the release is due either way).
        string path = Path.Combine(_tmp.Path, "a.jsonl");
        using var stream = new SetLengthCounting(path);
        var preallocation = FilePreallocation.For(stream);
        preallocation?.Ensure(1L << 60, 8);

        FilePreallocation.Release(preallocation, stream);

        Assert.Equal(preallocation is null ? 0 : 1, stream.SetLengthCalls);
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void RollingFile_PastMoreThanOneReserveStep_HasExactlyItsLines_AndAppendsAfterThemOnRestart()
    {
        // Lines of ~1 KiB: 9 000 of them pass the first reserved step (8 MiB).
        var options = new FapilogFileOptions { Path = Path.Combine(_tmp.Path, "logs", "app.jsonl"), RollingInterval = FapilogRollingInterval.Infinite, FileSizeLimitBytes = null };
        string pad = new('x', 1000);
        var batch = Enumerable.Range(1, 1000).Select(n => FapilogEvent.Standalone(Some.Event(template: "Event {N} {Pad}", properties: new (string, object?)[] { ("N", n), ("Pad", pad) }))).ToArray();
        using (var sink = new RollingFileSink(options, new TestLineFormatter()))
        {
            for (int i = 0; i < 9; i++)
            {
                sink.EmitBatch(batch);
            }
        }

        using (var sink = new RollingFileSink(options, new TestLineFormatter()))
        {
            sink.EmitBatch(Batches.Numbered(1, 3));
        }

        string file = Directory.GetFiles(Path.Combine(_tmp.Path, "logs")).Single();
        var numbers = Batches.NumbersInFile(file);
        Assert.Equal(9 * 1000 + 3, numbers.Count);
        Assert.Equal(new[] { 1, 2, 3 }, numbers.Skip(9000));
        Assert.True(new FileInfo(file).Length > FilePreallocation.Step, "the file passed the first reserved step");
        Assert.DoesNotContain((byte)0, File.ReadAllBytes(file));
        Assert.EndsWith("}\n", Batches.ReadShared(file), StringComparison.Ordinal);
    }

    private sealed class SetLengthCounting(string path) : FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0)
    {
        public int SetLengthCalls { get; private set; }

        public override void SetLength(long value)
        {
            SetLengthCalls++;
            base.SetLength(value);
        }
    }
}
