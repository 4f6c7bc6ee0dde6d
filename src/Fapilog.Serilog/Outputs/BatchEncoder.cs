using System;
using System.Collections.Generic;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Turns a batch into UTF-8 lines for every output that writes lines: filters by level, formats each event into one
/// pooled buffer and hands the lines out in <see cref="Chunks"/> of about <see cref="ChunkThreshold"/> bytes,
/// recording each event's position in the batch and its byte range. An event whose formatter throws leaves no bytes
/// and is recorded as failed; so are the events of a chunk the output could not write and every event after them.
/// <see cref="Chunks.ThrowIfAny"/> then reports them to the pipeline.
/// </summary>
/// <remarks>
/// The ranges are what outputs that write an event more than once as bytes build on: one that retries or reports
/// item by item, or a hash chain over exactly the bytes of each line that reached the file. Not thread-safe: owned by
/// one output and used under its lock, one batch at a time. The state of the batch being encoded lives here;
/// <see cref="Chunks"/> is a handle on it.
/// </remarks>
internal sealed partial class BatchEncoder : IDisposable
{
    /// <summary>Bytes encoded before a chunk is handed out mid-batch: bounds memory for huge batches, keeps writes few.</summary>
    public const int ChunkThreshold = 256 * 1024;

    private readonly IUtf8EventFormatter _formatter;
    private readonly int _threshold;
    private readonly PooledByteBuffer _buffer = new();
    private readonly List<int> _failed = new();

    // Applied here, once for every output, rather than by Serilog's restricting wrapper, which would hide
    // IFapilogBatchSink from the pipeline.
    private readonly LogEventLevel _minimumLevel;

    // The encoded events whose bytes are in _buffer, back to back from offset 0 in batch order: entry e holds the
    // event's batch position and where its bytes end (they start where entry e - 1's end). Reused, never shrunk.
    private Entry[] _entries = new Entry[64];
    private int _recorded;

    // The current chunk is entries [_first, _end); entries [_end, _recorded) were cut off it and start the next one.
    private int _first;
    private int _end;

    private int _next; // the batch position encoded next
    private int _generation; // which Encode call the state belongs to: a stale handle is a bug
    private bool _delivered; // a chunk of this batch before the current one reached the output
    private bool _stopped; // the output failed: no further chunk
    private Exception? _firstFailure;
    private Exception? _wholeBatchFailure;

    public BatchEncoder(IUtf8EventFormatter formatter, LogEventLevel minimumLevel, int chunkThreshold = ChunkThreshold)
    {
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkThreshold);
        _minimumLevel = minimumLevel;
        _threshold = chunkThreshold;
    }

    /// <summary>Starts encoding <paramref name="batch"/>; nothing is formatted before the first <see cref="Chunks.MoveNext"/>.</summary>
    public Chunks Encode(ReadOnlySpan<FapilogEvent> batch)
    {
        _buffer.Clear();
        _recorded = _first = _end = _next = 0;
        _delivered = _stopped = false;
        _failed.Clear();
        _firstFailure = _wholeBatchFailure = null;
        return new Chunks(this, batch, ++_generation);
    }

    public void Dispose() => _buffer.Dispose();

    /// <summary>The one level filter of the outputs: whether they write <paramref name="e"/> at all.</summary>
    private bool Writes(in FapilogEvent e) => e.LogEvent.Level >= _minimumLevel;

    private int Start(int entry) => entry == 0 ? 0 : _entries[entry - 1].End;

    private bool MoveNext(ReadOnlySpan<FapilogEvent> batch)
    {
        // Moving on means the output is done with the current chunk: written, or failed event by event.
        _delivered |= _end > _first;
        _first = _end;
        if (_stopped)
        {
            return false;
        }

        if (_first == _recorded)
        {
            _buffer.Clear();
            _recorded = _first = _end = 0;
        }
        else if (_buffer.Count - Start(_first) >= _threshold / 2)
        {
            // A large cut-off remainder is a chunk of its own: moving it to the front would copy more than the
            // output writes (a small size limit cuts every chunk many times). Left in place, the buffer stays bounded.
            _end = _recorded;
            return true;
        }
        else
        {
            // A small remainder moves to the front and is topped up: fewer, fuller chunks (a network output that
            // cuts at its request size would otherwise send the one event that did not fit on its own). Each move
            // copies less than the encoding after it adds, so moving costs at most as much as encoding.
            Compact();
        }

        while (_next < batch.Length && _buffer.Count < _threshold)
        {
            EncodeAt(batch, _next++);
        }

        _end = _recorded;
        Invariants.Holds(_recorded == 0 ? _buffer.Count == 0 : _entries[_recorded - 1].End == _buffer.Count, "the entries cover the buffer exactly");
        return _end > _first;
    }

    private void EncodeAt(ReadOnlySpan<FapilogEvent> batch, int index)
    {
        ref readonly var e = ref batch[index];
        if (!Writes(in e))
        {
            return;
        }

        int start = _buffer.Count;
        try
        {
            _formatter.Format(in e, _buffer);
        }
        catch (Exception ex)
        {
            // One event that cannot be formatted fails alone: cut its partial bytes back out, keep the batch going.
            _buffer.Truncate(start);
            _failed.Add(index);
            _firstFailure ??= ex;
            return;
        }

        if (_recorded == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_recorded++] = new Entry(index, _buffer.Count);
    }

    private void Compact()
    {
        int dead = Start(_first);
        int live = _recorded - _first;
        _buffer.RemovePrefix(dead);
        Array.Copy(_entries, _first, _entries, 0, live);
        for (int e = 0; e < live; e++)
        {
            _entries[e] = new Entry(_entries[e].Index, _entries[e].End - dead);
        }

        _recorded = live;
        _first = _end = 0;
    }

    private readonly record struct Entry(int Index, int End);
}
