using System;
using System.Collections.Generic;
using System.IO;
using Fapilog.Serilog.Outputs;

namespace Fapilog.Serilog.Delivery.Spool;

/// <summary>
/// A remote output's disk spool: records appended in order to numbered segment files, read back in order by the
/// delivery thread, and released (the cursor moved, finished segments deleted) once delivered. It survives the
/// process: the next one to open the folder delivers what is left first.
/// </summary>
/// <remarks>
/// <para>The writer thread stages a batch's records (<see cref="TryStage"/>) and publishes them with one write
/// (<see cref="Publish"/>); the delivery thread reads (<see cref="Reader"/>) and commits (<see cref="Commit"/>).
/// <c>_sync</c> guards the segment list, the published end and the byte count they share.</para>
/// <para>Bounded by bytes on disk: an ordinary record is refused once the spool would pass its limit less the
/// protected reserve, a protected one only at the limit itself, so ordinary events are refused first.</para>
/// </remarks>
internal sealed partial class DiskSpool : ISpoolExtent, IDisposable
{
    private readonly object _sync = new();
    private readonly string _folder;
    private readonly long _limit;
    private readonly long _ordinaryLimit;
    private readonly long _segmentBytes;
    private readonly FileStream _lock;
    private readonly FileStream _cursor;

    // Guarded by _sync. Sealed segments with their lengths and record counts (from where the reader starts in the
    // first), oldest first, then the tail being written.
    private readonly List<(long Id, long Length, int Records)> _sealed = new();
    private long _tailId;
    private FileStream _tail;
    private long _tailEnd;
    private int _tailRecords;
    private long _bytes;          // on disk from the committed position to the published end
    private SpoolPosition _committed;
    private bool _disposed;       // a deep flush or a late commit may still call in: then nothing is touched

    // The writer's own: records staged for the next publication.
    private readonly PooledByteBuffer _staged = new();
    private int _stagedCount;

    /// <summary>The folder the spool lives in.</summary>
    public string Folder => _folder;

    /// <summary>The delivery thread's reader, from the committed position on.</summary>
    public SpoolReader Reader { get; }

    /// <summary>Bytes on disk not yet delivered (published, not committed).</summary>
    public long Bytes
    {
        get
        {
            lock (_sync)
            {
                return _bytes;
            }
        }
    }

    /// <summary>
    /// Stages one record for the next <see cref="Publish"/>, or refuses it (false) when the spool would pass its limit
    /// for the event's kind. Writer thread only.
    /// </summary>
    public bool TryStage(ReadOnlySpan<byte> payload, bool isProtected, long sequence)
    {
        int size = SpoolRecord.SizeOf(payload.Length);
        if (payload.Length > SpoolRecord.MaxPayload)
        {
            return false;
        }

        lock (_sync)
        {
            if (_disposed || _bytes + _staged.Count + size > (isProtected ? _limit : _ordinaryLimit))
            {
                return false;
            }
        }

        SpoolRecord.Write(_staged.GetSpan(size), payload, isProtected, sequence);
        _staged.Advance(size);
        _stagedCount++;
        return true;
    }

    /// <summary>Records staged and not yet published (what a failed publication gives back).</summary>
    public ReadOnlySpan<byte> Staged => _staged.WrittenSpan;

    /// <summary>
    /// Writes the staged records to the tail segment in one write and makes them readable. False when the write failed
    /// (a full disk, a removed folder): the staged records are then still in <see cref="Staged"/> for the caller to
    /// keep another way, and are dropped from the spool by <see cref="ClearStaged"/>. Writer thread only.
    /// </summary>
    public bool Publish()
    {
        if (_stagedCount == 0)
        {
            return true;
        }

        lock (_sync)
        {
            if (_disposed)
            {
                LastWriteError = "the spool is closed";
                return false;
            }

            try
            {
                if (_tailEnd > 0 && _tailEnd + _staged.Count > _segmentBytes)
                {
                    Roll();
                }

                RandomAccess.Write(_tail.SafeFileHandle, _staged.WrittenSpan, _tailEnd);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LastWriteError = ex.Message;
                CutBackQuietly();
                return false;
            }

            _tailEnd += _staged.Count;
            _bytes += _staged.Count;
            _tailRecords += _stagedCount;
        }

        ClearStaged();
        return true;
    }

    /// <summary>Forgets the staged records (after a failed <see cref="Publish"/>, once the caller has kept them).</summary>
    public void ClearStaged()
    {
        _staged.Clear();
        _stagedCount = 0;
    }

    /// <summary>The last write's error, for reports.</summary>
    public string? LastWriteError { get; private set; }

    /// <summary>
    /// Delivery got as far as <paramref name="position"/>: the cursor moves there, and segments wholly before it are
    /// deleted. Delivery thread only.
    /// </summary>
    public void Commit(SpoolPosition position)
    {
        lock (_sync)
        {
            if (_disposed || position.Segment < _committed.Segment || (position.Segment == _committed.Segment && position.Offset <= _committed.Offset))
            {
                return;
            }

            long freed = 0;
            while (_sealed.Count > 0 && _sealed[0].Id < position.Segment)
            {
                var (id, length, _) = _sealed[0];
                freed += length - (id == _committed.Segment ? _committed.Offset : 0);
                _sealed.RemoveAt(0);
                TryDelete(id);
            }

            freed += position.Offset - (position.Segment == _committed.Segment ? _committed.Offset : 0);
            _bytes -= freed;
            _committed = position;
            try
            {
                SpoolFiles.WriteCursor(_cursor, position);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The records are delivered; a stale cursor only means they are sent again after a restart.
                LastWriteError = ex.Message;
            }
        }
    }

    /// <summary>Forces what is published and the cursor to the disk (a deep flush, the close).</summary>
    public void Sync()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                _tail.Flush(flushToDisk: true);
                _cursor.Flush(flushToDisk: true);
            }
            catch (IOException ex)
            {
                LastWriteError = ex.Message;
            }
        }
    }

    public void Dispose()
    {
        Reader.Dispose();
        Sync();
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _tail.Dispose();
            _cursor.Dispose();
            _staged.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>Starts the next segment; the state changes only once it is open, so a failure leaves the tail as it was.</summary>
    private void Roll()
    {
        var next = SpoolFiles.OpenForAppend(_folder, _tailId + 1);

        // The sealed segment goes to the disk now: a deep flush later syncs only the tail.
        try
        {
            _tail.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            LastWriteError = ex.Message;
        }

        _tail.Dispose();
        _sealed.Add((_tailId, _tailEnd, _tailRecords));
        _tailId++;
        _tail = next;
        _tailEnd = 0;
        _tailRecords = 0;
    }

    /// <summary>
    /// After a failed write, cuts the tail back to its published end (best effort), so complete records the write may
    /// have left past it are not found by the next open: those events went to memory instead.
    /// </summary>
    private void CutBackQuietly()
    {
        try
        {
            _tail.SetLength(_tailEnd);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // A device that cannot be cut (or a disk that fails again): the next open reads what is there.
        }
    }

    private void TryDelete(long id)
    {
        try
        {
            File.Delete(SpoolFiles.SegmentPath(_folder, id));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: the next open deletes segments before its cursor.
        }
    }
}
