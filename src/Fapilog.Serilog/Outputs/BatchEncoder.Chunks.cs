using System;
using System.Runtime.ExceptionServices;

namespace Fapilog.Serilog.Outputs;

/// <summary>The handle on an encoded batch, and the bookkeeping of which of its events failed.</summary>
internal sealed partial class BatchEncoder
{
    private void MarkFailedFrom(int k, Exception cause, ReadOnlySpan<FapilogEvent> batch)
    {
        ArgumentNullException.ThrowIfNull(cause);
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        int from = _first + Math.Clamp(k, 0, _end - _first);
        for (int e = from; e < _recorded; e++)
        {
            _failed.Add(_entries[e].Index);
        }

        for (int i = _next; i < batch.Length; i++)
        {
            if (Writes(in batch[i]))
            {
                _failed.Add(i);
            }
        }

        _next = batch.Length;
        _buffer.Truncate(Start(from));
        _recorded = _end = from;
        _firstFailure ??= cause;
        if (!_delivered && from == _first)
        {
            // Nothing of the batch reached the output: the batch failed as a whole, with the output's own error.
            _wholeBatchFailure = cause;
        }
    }

    private void ThrowIfAny()
    {
        if (_wholeBatchFailure is not null)
        {
            ExceptionDispatchInfo.Throw(_wholeBatchFailure);
        }

        if (_failed.Count == 0)
        {
            return;
        }

        // In batch order, each once (an event failed by the output after failing by itself is one failure).
        _failed.Sort();
        int distinct = 1;
        for (int i = 1; i < _failed.Count; i++)
        {
            if (_failed[i] != _failed[distinct - 1])
            {
                _failed[distinct++] = _failed[i];
            }
        }

        _failed.RemoveRange(distinct, _failed.Count - distinct);
        throw new PartialBatchException(_failed.ToArray(), _firstFailure);
    }

    /// <summary>
    /// The encoded batch, one chunk at a time: <see cref="MoveNext"/> encodes the next chunk, the output writes
    /// <see cref="Bytes"/> (or part of it, see <see cref="CutBefore"/>), and at the end <see cref="ThrowIfAny"/>
    /// reports what failed. Positions <c>k</c> are the current chunk's events, 0 to <see cref="Count"/> - 1.
    /// </summary>
    /// <remarks>A handle: copies share the encoder's state, and it is valid until the encoder's next batch.</remarks>
    internal readonly ref struct Chunks
    {
        private readonly BatchEncoder _encoder;
        private readonly ReadOnlySpan<FapilogEvent> _batch;
        private readonly int _generation;

        internal Chunks(BatchEncoder encoder, ReadOnlySpan<FapilogEvent> batch, int generation)
        {
            _encoder = encoder;
            _batch = batch;
            _generation = generation;
        }

        /// <summary>The number of events in the current chunk.</summary>
        public int Count => _encoder._end - _encoder._first;

        /// <summary>The current chunk's bytes: its events' lines, back to back.</summary>
        public ReadOnlySpan<byte> Bytes => _encoder._buffer.WrittenSpan[_encoder.Start(_encoder._first).._encoder.Start(_encoder._end)];

        /// <summary>
        /// Drops the current chunk, taken as written (or failed event by event), and encodes the next: events until
        /// the chunk reaches <see cref="ChunkThreshold"/> bytes, after what a cut left over. False when no event is left.
        /// </summary>
        public bool MoveNext()
        {
            Invariants.Holds(_generation == _encoder._generation, "a chunk handle is used within its own batch only");
            return _encoder.MoveNext(_batch);
        }

        /// <summary>The position in the batch of event <paramref name="k"/> of the chunk.</summary>
        public int EventIndex(int k) => _encoder._entries[At(k)].Index;

        /// <summary>Where event <paramref name="k"/>'s line starts in <see cref="Bytes"/>.</summary>
        public int EventStart(int k) => _encoder.Start(At(k)) - _encoder.Start(_encoder._first);

        /// <summary>Where event <paramref name="k"/>'s line ends (exclusive) in <see cref="Bytes"/>.</summary>
        public int EventEnd(int k) => _encoder._entries[At(k)].End - _encoder.Start(_encoder._first);

        /// <summary>Exactly the bytes of event <paramref name="k"/>'s line.</summary>
        public ReadOnlySpan<byte> EventBytes(int k) => Bytes[EventStart(k)..EventEnd(k)];

        /// <summary>Ends the current chunk before its event <paramref name="k"/>: that event and the ones after it start the next chunk.</summary>
        public void CutBefore(int k)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)k, (uint)Count, nameof(k));
            _encoder._end = _encoder._first + k;
        }

        /// <summary>Event <paramref name="k"/> of the chunk was not written (an item the receiver rejected); the others were.</summary>
        public void MarkFailed(int k, Exception cause)
        {
            ArgumentNullException.ThrowIfNull(cause);
            _encoder._failed.Add(EventIndex(k));
            _encoder._firstFailure ??= cause;
        }

        /// <summary>
        /// The output failed at event <paramref name="k"/> of the chunk (0: the chunk's write failed; <see cref="Count"/>:
        /// a step after the chunk was written did): that event, the rest of the batch the output would write, and no
        /// earlier one, fail. No further chunk follows. Called while the batch is being written: once the last
        /// <see cref="MoveNext"/> returned false, every event is out and nothing is left to fail.
        /// </summary>
        public void MarkFailedFrom(int k, Exception cause) => _encoder.MarkFailedFrom(k, cause, _batch);

        /// <summary>
        /// After the output wrote what it could: throws a <see cref="PartialBatchException"/> for the failed events, or
        /// rethrows the output's own error when nothing of the batch reached it (the whole batch failed).
        /// </summary>
        public void ThrowIfAny()
        {
            Invariants.Holds(_generation == _encoder._generation, "a chunk handle is used within its own batch only");
            _encoder.ThrowIfAny();
        }

        private int At(int k)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)k, (uint)Count, nameof(k));
            return _encoder._first + k;
        }
    }
}
