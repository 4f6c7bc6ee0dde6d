using System;
using System.Collections.Generic;
using System.IO;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// The spool lane: which events it takes, publishing a batch's records with one write, taking records back in order,
/// and committing them once settled. All under the buffer's lock (the spool's own lock nests inside it).
/// </summary>
internal sealed partial class DeliveryBuffer
{
    private DiskSpool? _spool;
    private FapilogSpoolMode _mode;

    // Guarded by _sync: records staged or published and not yet taken, their payload bytes, and when the oldest of them
    // arrived (an approximation once part of them is taken: the rest count from the take).
    private int _spoolWaiting;
    private long _spoolWaitingBytes;
    private long _spoolOldest;
    private long _spooled;
    private long _replayed;
    private long _spoolFallbacks;
    private long _leftInSpool;

    // The records of the current EndOffers, kept so a failed publication can move them to memory (the writer's own).
    private readonly List<(long Sequence, long Arrived)> _stagedArrivals = new();

    /// <summary>The spool's folder, or null when this output has none.</summary>
    public string? SpoolFolder => _spool?.Folder;

    private long MemoryInFlightBytes => _inFlightBytes - _inFlightSpoolBytes;

    private void AttachSpool(DiskSpool? spool, FapilogSpoolMode mode)
    {
        if (spool is null || mode == FapilogSpoolMode.Off)
        {
            return;
        }

        _spool = spool;
        _mode = mode;

        // What a previous process left is accepted again here, and goes first: its sequence numbers are lower.
        _accepted = _replayed = _spoolWaiting = (int)Math.Min(int.MaxValue, spool.Recovered);
        _spoolWaitingBytes = spool.RecoveredBytes;
        _nextSequence = _publishedSequence = spool.LastSequence + 1;
        _spoolOldest = 0;
    }

    private bool TryStageOnSpool(ReadOnlySpan<byte> bytes, bool isProtected, long sequence, long arrived)
    {
        if (_spool is null || (_mode == FapilogSpoolMode.Protected && !isProtected) || !_spool.TryStage(bytes, isProtected, sequence))
        {
            return false;
        }

        if (_spoolWaiting == 0)
        {
            _spoolOldest = arrived;
        }

        _spoolWaiting++;
        _spoolWaitingBytes += bytes.Length;
        _spooled++;
        _stagedArrivals.Add((sequence, arrived));
        return true;
    }

    /// <summary>
    /// The writer's end of one batch of offers: the spool's records are written with one write, and every event offered
    /// so far becomes takeable. When the spool cannot write (a full disk), its records go to memory instead, in order.
    /// </summary>
    public void EndOffers()
    {
        bool written = _spool?.Publish() ?? true;
        lock (_sync)
        {
            if (!written)
            {
                MoveStagedToMemory();
            }

            _stagedArrivals.Clear();
            _publishedSequence = _nextSequence;
            AssertConsistent();
        }
    }

    /// <summary>A failed publication: the staged records leave the spool's count and are admitted to memory at their place.</summary>
    private void MoveStagedToMemory()
    {
        var staged = _spool!.Staged;
        var items = new List<DeliveryItem>(_stagedArrivals.Count);
        int at = 0;
        foreach (var (sequence, arrived) in _stagedArrivals)
        {
            SpoolRecord.TryRead(staged[at..], out int length, out bool isProtected, out _);
            items.Add(_items.Rent(staged.Slice(at + SpoolRecord.HeaderSize, length), isProtected, arrived, sequence));
            at += SpoolRecord.SizeOf(length);
            _spoolWaiting--;
            _spoolWaitingBytes -= length;
            _spooled--;
        }

        _spool.ClearStaged();
        _spoolFallbacks += items.Count;
        _lastError = "spool write failed, events kept in memory: " + _spool.LastWriteError;
        AdmitToMemoryInOrder(items);
    }

    /// <summary>The next published spool record, when there is one the merge may take.</summary>
    private bool PeekSpool(out int length, out bool isProtected, out long sequence)
    {
        length = 0;
        isProtected = false;
        sequence = 0;
        if (_spool is null || _spoolWaiting == 0)
        {
            return false;
        }

        var reader = _spool.Reader;
        while (true)
        {
            bool damaged;
            string? cause = null;
            try
            {
                if (reader.TryPeek(out isProtected, out sequence, out damaged))
                {
                    length = reader.Payload.Length;
                    return sequence < _publishedSequence;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A read error on the delivery thread must not end it: the segment is as good as damaged.
                damaged = true;
                cause = ex.Message;
            }

            if (!damaged)
            {
                return false;
            }

            if (!SkipDamagedSpool(cause) || _spoolWaiting == 0)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Damage found while delivering (a disk error): the rest of that segment is unreadable. Its records fail
    /// (<c>spool_damaged</c>), so the figures stay exact and nothing waits for them. False when the damage could not
    /// be stepped over yet (it is in the segment being written and no new one could be started).
    /// </summary>
    private bool SkipDamagedSpool(string? cause)
    {
        if (_spool!.SkipDamaged() is not { } lost)
        {
            _lastError = "spool damaged in " + _spool.Folder + " and no new segment could be started: " + _spool.LastWriteError;
            return false;
        }

        _spoolWaiting -= lost.Records;
        _spoolWaitingBytes -= lost.PayloadBytes;
        _losses[(int)DeliveryLoss.SpoolDamaged] += lost.Records;
        _lastError = $"spool damaged in {_spool.Folder}{(cause is null ? "" : " (" + cause + ")")}: {lost.Records} events in the rest of a segment were lost";
        return true;
    }

    private void TakeFromSpool(DeliveryBatch batch, bool isProtected)
    {
        var reader = _spool!.Reader;
        int length = reader.Payload.Length;
        batch.Add(reader.Payload, isProtected, fromSpool: true);
        reader.Advance();
        batch.SpoolEnd = reader.Position;
        _spoolWaiting--;
        _spoolWaitingBytes -= length;
    }

    /// <summary>A settled batch's spool records are released: after a restart they are not sent again.</summary>
    private void CommitSpool(DeliveryBatch batch)
    {
        if (batch.SpoolEnd is { } end)
        {
            _spool!.Commit(end);
            batch.SpoolEnd = null;
        }
    }

    /// <summary>Forces the spool's records and cursor to disk (a deep flush, the close).</summary>
    public void SyncSpool() => _spool?.Sync();

    private SpoolFigures SpoolFigures() =>
        new(_spooled, _replayed, _spoolWaiting + _inFlightFromSpool + _leftInSpool, _spool?.Bytes ?? 0, _spoolFallbacks);
}

/// <summary>A remote output's spool figures: events written to it, replayed from a previous process, held now, bytes on disk, and events it could not write.</summary>
internal readonly record struct SpoolFigures(long Spooled, long Replayed, long Held, long Bytes, long WriteFailures);
