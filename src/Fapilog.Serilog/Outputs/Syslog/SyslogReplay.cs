using System.Collections.Generic;
using System.IO;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// The frames of the last batches written on a TCP or TLS connection, kept whole batch by batch up to a byte limit, to be
/// written again on the next connection when the previous one was lost (see <see cref="SyslogStreamTransport"/>).
/// </summary>
internal sealed class SyslogReplay
{
    private readonly int _limit;
    private readonly Queue<byte[]> _batches = new();
    private int _bytes;

    public SyslogReplay(int limit) => _limit = limit;

    /// <summary>Whether the kept frames are to be written again before the next batch.</summary>
    public bool Pending { get; private set; }

    /// <summary>Keeps a copy of a batch's frames just written, dropping the oldest batches past the limit.</summary>
    public void Remember(System.ReadOnlySpan<byte> frames)
    {
        if (_limit == 0)
        {
            return;
        }

        if (frames.Length > _limit)
        {
            // A batch larger than the limit is not kept at all: part of one would replay events out of their batch.
            _batches.Clear();
            _bytes = 0;
            return;
        }

        _batches.Enqueue(frames.ToArray());
        _bytes += frames.Length;
        while (_bytes > _limit)
        {
            _bytes -= _batches.Dequeue().Length;
        }
    }

    /// <summary>The connection they were written on was lost: write them again first on the next one.</summary>
    public void MarkPending() => Pending = _batches.Count > 0;

    public void WriteTo(Stream stream)
    {
        foreach (var frames in _batches)
        {
            stream.Write(frames);
        }

        Pending = false;
    }
}
