using System;
using System.IO;
using System.IO.Compression;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Outputs.Remote;

/// <summary>
/// The body of the batch in flight, built once per batch version into reused buffers and gzipped when asked, so a
/// retry sends exactly the same bytes (a signature over them stays true) and building a body allocates nothing in
/// steady state but the compressor.
/// </summary>
/// <remarks>The delivery thread's own.</remarks>
internal sealed class RequestBody : IDisposable
{
    private readonly PooledByteBuffer _raw = new();
    private readonly PooledByteBuffer? _compressed;
    private readonly CompressionLevel _level;
    private DeliveryBatch? _of;
    private long _version;

    public RequestBody(bool gzip, CompressionLevel level = CompressionLevel.Fastest)
    {
        _compressed = gzip ? new PooledByteBuffer() : null;
        _level = level;
    }

    /// <summary><c>gzip</c> when the body is compressed, else null.</summary>
    public string? ContentEncoding => _compressed is null ? null : "gzip";

    /// <summary>The bytes to send, as <see cref="Finish"/> left them.</summary>
    public ReadOnlyMemory<byte> Bytes => (_compressed ?? _raw).WrittenMemory;

    /// <summary>The body before compression (what a test or a signature over the plain text reads).</summary>
    public ReadOnlySpan<byte> Uncompressed => _raw.WrittenSpan;

    /// <summary>True when the body already holds <paramref name="batch"/> as it is now: send <see cref="Bytes"/> again.</summary>
    public bool IsFor(DeliveryBatch batch) => ReferenceEquals(batch, _of) && batch.Version == _version;

    /// <summary>Starts a new body: append to it, then call <see cref="Finish"/>.</summary>
    public void Start() => _raw.Clear();

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_raw.GetSpan(bytes.Length));
        _raw.Advance(bytes.Length);
    }

    /// <summary>Where a writer writes straight into the body (a JSON writer, a protobuf encoder).</summary>
    public PooledByteBuffer Writer => _raw;

    /// <summary>Compresses when asked and remembers which batch version this is.</summary>
    public void Finish(DeliveryBatch batch)
    {
        if (_compressed is not null)
        {
            _compressed.Clear();
            using var target = new BufferWriterStream(_compressed);
            using (var gzip = new GZipStream(target, _level, leaveOpen: true))
            {
                gzip.Write(_raw.WrittenSpan);
            }
        }

        _of = batch;
        _version = batch.Version;
    }

    public void Dispose()
    {
        _raw.Dispose();
        _compressed?.Dispose();
    }

    /// <summary>A write-only stream over a <see cref="PooledByteBuffer"/>, for the compressor.</summary>
    private sealed class BufferWriterStream : Stream
    {
        private readonly PooledByteBuffer _target;

        public BufferWriterStream(PooledByteBuffer target) => _target = target;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _target.Count;

        public override long Position { get => _target.Count; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            buffer.CopyTo(_target.GetSpan(buffer.Length));
            _target.Advance(buffer.Length);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
