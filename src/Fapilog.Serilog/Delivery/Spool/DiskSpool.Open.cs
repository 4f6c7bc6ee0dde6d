using System;
using System.IO;

namespace Fapilog.Serilog.Delivery.Spool;

/// <summary>Opening a spool folder: the lock, the cursor, and the scan that finds what a previous process left.</summary>
internal sealed partial class DiskSpool
{
    /// <summary>The default size at which a new segment file is started.</summary>
    public const long DefaultSegmentBytes = 16L * 1024 * 1024;

    private DiskSpool(string folder, long limit, long ordinaryLimit, long segmentBytes, FileStream folderLock)
    {
        _folder = folder;
        _limit = limit;
        _ordinaryLimit = ordinaryLimit;
        _segmentBytes = segmentBytes;
        _lock = folderLock;
        _cursor = SpoolFiles.OpenCursor(folder);
        var onDisk = SpoolFiles.ReadCursor(folder);
        _committed = onDisk ?? new SpoolPosition(1, 0);
        Recover();
        if (_committed != onDisk)
        {
            // Moved back to the end of what is left (a power loss cut its segment short) or on to the first segment
            // there is: on disk before anything is written after it, or the next open would start past those records.
            SpoolFiles.WriteCursor(_cursor, _committed);
            _cursor.Flush(flushToDisk: true);
        }

        _tail = SpoolFiles.OpenForAppend(folder, _tailId);
        Reader = new SpoolReader(folder, this, _committed);
    }

    /// <summary>Events a previous process left undelivered, found at open.</summary>
    public long Recovered { get; private set; }

    /// <summary>The payload bytes of the <see cref="Recovered"/> events.</summary>
    public long RecoveredBytes { get; private set; }

    /// <summary>The highest sequence number found at open (0 when none): new records continue after it.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Bytes found damaged at open and skipped (a power loss in the middle of a write, a disk error).</summary>
    public long DamagedBytes { get; private set; }

    /// <summary>
    /// Opens (creating) the spool in <paramref name="folder"/>, or returns null when another process holds its lock.
    /// <paramref name="protectedReserve"/> of the <paramref name="limit"/> is kept for protected events.
    /// </summary>
    public static DiskSpool? Open(string folder, long limit, long protectedReserve, long segmentBytes = DefaultSegmentBytes)
    {
        Directory.CreateDirectory(folder);
        var folderLock = SpoolFiles.TryLock(folder);
        if (folderLock is null)
        {
            return null;
        }

        try
        {
            return new DiskSpool(folder, limit, limit - protectedReserve, segmentBytes, folderLock);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Deletes segments before the cursor, then reads every record after it: counts them, finds the last sequence
    /// number, and cuts a damaged tail off the last segment (the rest of a damaged earlier segment is skipped).
    /// </summary>
    private void Recover()
    {
        var ids = SpoolFiles.Segments(_folder);
        foreach (long id in ids)
        {
            if (id < _committed.Segment)
            {
                TryDelete(id);
            }
        }

        ids.RemoveAll(id => id < _committed.Segment);
        if (ids.Count == 0 || ids[0] != _committed.Segment)
        {
            // The cursor's segment is gone (its records were all delivered) or there was none: start clean after it.
            _committed = new SpoolPosition(ids.Count > 0 ? ids[0] : Math.Max(1, _committed.Segment), 0);
        }

        foreach (long id in ids)
        {
            _sealed.Add((id, new FileInfo(SpoolFiles.SegmentPath(_folder, id)).Length, 0));
        }

        if (_sealed.Count > 0 && _committed.Offset > _sealed[0].Length)
        {
            _committed = new SpoolPosition(_committed.Segment, _sealed[0].Length);
        }

        _tailId = ids.Count > 0 ? ids[^1] : _committed.Segment;
        if (_sealed.Count > 0)
        {
            _sealed.RemoveAt(_sealed.Count - 1);
        }

        _tailEnd = ids.Count > 0 ? new FileInfo(SpoolFiles.SegmentPath(_folder, _tailId)).Length : 0;
        Scan();
        _bytes = 0;
        foreach (var (_, length, _) in _sealed)
        {
            _bytes += length;
        }

        _bytes += _tailEnd - _committed.Offset;
    }

    private void Scan()
    {
        using var scan = new SpoolReader(_folder, this, _committed);
        while (true)
        {
            if (scan.TryPeek(out _, out long sequence, out bool damaged))
            {
                Recovered++;
                RecoveredBytes += scan.Payload.Length;
                LastSequence = Math.Max(LastSequence, sequence);
                CountRecord(scan.Position.Segment);
                scan.Advance();
                continue;
            }

            if (!damaged)
            {
                return;
            }

            var at = scan.Position;
            if (at.Segment == _tailId)
            {
                // A torn or damaged tail: cut it, so new records follow the last intact one. When it cannot be cut, it
                // is sealed where the damage starts and new records go to a new segment.
                DamagedBytes += _tailEnd - at.Offset;
                try
                {
                    using var tail = SpoolFiles.OpenForAppend(_folder, _tailId);
                    tail.SetLength(at.Offset);
                    _tailEnd = at.Offset;
                }
                catch (IOException)
                {
                    _sealed.Add((_tailId, at.Offset, _tailRecords));
                    _tailId++;
                    _tailEnd = 0;
                    _tailRecords = 0;
                }

                return;
            }

            int index = _sealed.FindIndex(s => s.Id == at.Segment);
            DamagedBytes += _sealed[index].Length - at.Offset;
            _sealed[index] = (at.Segment, at.Offset, _sealed[index].Records);
            scan.SkipSegment();
        }
    }

    /// <summary>One more intact record found in <paramref name="segment"/> at open.</summary>
    private void CountRecord(long segment)
    {
        if (segment == _tailId)
        {
            _tailRecords++;
            return;
        }

        int index = _sealed.FindIndex(s => s.Id == segment);
        _sealed[index] = (segment, _sealed[index].Length, _sealed[index].Records + 1);
    }
}
