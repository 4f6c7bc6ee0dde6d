using System;
using System.IO;

namespace Fapilog.Serilog.Delivery.Spool;

/// <summary>The reader's side: how far each segment may be read, and giving up the rest of one found damaged after open.</summary>
internal sealed partial class DiskSpool
{
    /// <summary>
    /// Gives up the rest of the segment the reader stands in, after its next record read as damaged or could not be
    /// read: the reader moves to the following segment. Returns the records given up and their payload bytes, or null
    /// when the segment is the one being written and a new one cannot be started (then nothing changes; the next read
    /// tries again). Delivery thread only.
    /// </summary>
    /// <remarks>
    /// The segment being written is sealed first, so new records go to a new segment: the reader cannot step over the
    /// damage inside a segment (the length there may be what is damaged), and going back to the segment's start would
    /// send its records again. Every record after the damage is in the given-up part, so its bytes are theirs.
    /// </remarks>
    public (int Records, long PayloadBytes)? SkipDamaged()
    {
        lock (_sync)
        {
            var at = Reader.Position;
            if (at.Segment == _tailId)
            {
                try
                {
                    Roll();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LastWriteError = ex.Message;
                    return null;
                }
            }

            int lost = 0;
            long lostBytes = 0;
            int index = _sealed.FindIndex(s => s.Id == at.Segment);
            if (index >= 0)
            {
                var (_, length, records) = _sealed[index];
                lost = Math.Max(0, records - Reader.RecordsRead);
                lostBytes = Math.Max(0, length - at.Offset - ((long)lost * SpoolRecord.HeaderSize));
            }

            Reader.SkipSegment();
            return (lost, lostBytes);
        }
    }

    (long End, bool IsSealed) ISpoolExtent.Readable(long segment)
    {
        lock (_sync)
        {
            if (segment == _tailId)
            {
                return (_tailEnd, false);
            }

            foreach (var (id, length, _) in _sealed)
            {
                if (id == segment)
                {
                    return (length, true);
                }
            }

            return (0, true);
        }
    }

    bool ISpoolExtent.HasAfter(long segment)
    {
        lock (_sync)
        {
            return segment < _tailId;
        }
    }

    long ISpoolExtent.After(long segment)
    {
        lock (_sync)
        {
            foreach (var (id, _, _) in _sealed)
            {
                if (id > segment)
                {
                    return id;
                }
            }

            return _tailId;
        }
    }
}
