using System;
using System.Buffers;
using System.IO;

namespace Fapilog.Serilog.Delivery.Spool;

/// <summary>
/// Reads a spool's records in order, segment after segment, through a block buffer (one read brings many records).
/// The owner says how far each segment may be read (<see cref="ISpoolExtent"/>): a sealed segment to its end, the
/// segment being written only as far as it is published.
/// </summary>
/// <remarks>Used by one thread at a time: the recovery scan at open, then the delivery thread.</remarks>
internal sealed class SpoolReader : IDisposable
{
    private const int BlockSize = 256 * 1024;

    private readonly string _folder;
    private readonly ISpoolExtent _extent;
    private byte[] _block = ArrayPool<byte>.Shared.Rent(BlockSize);
    private FileStream? _file;
    private long _segment;
    private long _blockAt;   // the file offset of _block[0]
    private int _blockLength;
    private int _at;         // the next record's offset in _block

    public SpoolReader(string folder, ISpoolExtent extent, SpoolPosition start)
    {
        _folder = folder;
        _extent = extent;
        _segment = start.Segment;
        _blockAt = start.Offset;
    }

    /// <summary>Where the next record starts.</summary>
    public SpoolPosition Position => new(_segment, _blockAt + _at);

    /// <summary>The payload of the record <see cref="TryPeek"/> found; valid until the next call.</summary>
    public ReadOnlySpan<byte> Payload => _block.AsSpan(_at + SpoolRecord.HeaderSize, _peekedLength);

    private int _peekedLength = -1;

    /// <summary>
    /// Finds the next intact record, moving to the next segment at the end of a sealed one. False at the readable end,
    /// or when the bytes there are not an intact record (<paramref name="damaged"/>: the rest of that segment is unreadable).
    /// </summary>
    public bool TryPeek(out bool isProtected, out long sequence, out bool damaged)
    {
        isProtected = false;
        sequence = 0;
        damaged = false;
        while (true)
        {
            var (end, isSealed) = _extent.Readable(_segment);
            long offset = _blockAt + _at;
            if (offset >= end)
            {
                if (!isSealed || !_extent.HasAfter(_segment))
                {
                    return false;
                }

                NextSegment();
                continue;
            }

            if (!Ensure(SpoolRecord.HeaderSize, end))
            {
                damaged = true;
                return false;
            }

            int length = SpoolRecord.DeclaredLength(_block.AsSpan(_at));
            if (length < 0 || !Ensure(SpoolRecord.SizeOf(length), end)
                || !SpoolRecord.TryRead(_block.AsSpan(_at, _blockLength - _at), out length, out isProtected, out sequence))
            {
                damaged = true;
                return false;
            }

            _peekedLength = length;
            return true;
        }
    }

    /// <summary>Records moved past in the current segment (from where the reader started, in its first).</summary>
    public int RecordsRead { get; private set; }

    /// <summary>Moves past the record <see cref="TryPeek"/> found.</summary>
    public void Advance()
    {
        _at += SpoolRecord.SizeOf(_peekedLength);
        _peekedLength = -1;
        RecordsRead++;
    }

    /// <summary>Gives up the rest of a damaged segment: the next peek starts at the following one.</summary>
    public void SkipSegment() => NextSegment();

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        if (_block.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_block);
            _block = Array.Empty<byte>();
        }
    }

    private void NextSegment()
    {
        _file?.Dispose();
        _file = null;
        _segment = _extent.After(_segment);
        _blockAt = 0;
        _blockLength = _at = 0;
        _peekedLength = -1;
        RecordsRead = 0;
    }

    /// <summary>Makes <paramref name="count"/> bytes from the next record's start available, reading no further than <paramref name="end"/>.</summary>
    private bool Ensure(int count, long end)
    {
        if (_blockLength - _at >= count)
        {
            return true;
        }

        long offset = _blockAt + _at;
        if (offset + count > end)
        {
            return false;
        }

        // Keep what is left of the block (moved into a larger one for a record that does not fit), then fill the rest
        // from the file.
        int kept = _blockLength - _at;
        if (_block.Length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(count);
            Buffer.BlockCopy(_block, _at, larger, 0, kept);
            ArrayPool<byte>.Shared.Return(_block);
            _block = larger;
        }
        else
        {
            Buffer.BlockCopy(_block, _at, _block, 0, kept);
        }

        _blockAt = offset;
        _at = 0;
        _blockLength = kept;
        _file ??= SpoolFiles.OpenForRead(_folder, _segment);
        int want = (int)Math.Min(_block.Length - kept, end - offset - kept);
        while (want > 0)
        {
            int read = RandomAccess.Read(_file.SafeFileHandle, _block.AsSpan(_blockLength, want), _blockAt + _blockLength);
            if (read <= 0)
            {
                break;
            }

            _blockLength += read;
            want -= read;
        }

        return _blockLength >= count;
    }
}

/// <summary>How far each segment of a spool may be read, and which comes next.</summary>
internal interface ISpoolExtent
{
    /// <summary>The readable end of <paramref name="segment"/>, and whether it is sealed (nothing more will be written to it).</summary>
    (long End, bool IsSealed) Readable(long segment);

    bool HasAfter(long segment);

    long After(long segment);
}
