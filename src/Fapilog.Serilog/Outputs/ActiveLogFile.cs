using System;
using System.IO;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// The file the rolling output appends to: opens the period's latest file (a restart appends to it), moves to the
/// next one at a time or size roll, and keeps every line whole, cutting a torn write back.
/// </summary>
/// <remarks>Not thread-safe: used under the lock of its <see cref="RollingFileSink"/>.</remarks>
internal sealed class ActiveLogFile
{
    private readonly string _directory;
    private readonly RollingPolicy _rolling;
    private readonly Func<string, Stream> _openStream;
    private readonly FileSetMaintenance _maintenance;
    private readonly IFileChain? _chain;

    private Stream? _stream;
    private FilePreallocation? _preallocation; // the open file's reserved blocks; null when the platform has none
    private LogFileName _active;

    public ActiveLogFile(string directory, RollingPolicy rolling, Func<string, Stream>? openStream, FileSetMaintenance maintenance, IFileChain? chain = null)
    {
        _chain = chain;
        _directory = directory;
        _rolling = rolling;
        _openStream = openStream ?? OpenFile;
        _maintenance = maintenance;
    }

    /// <summary>The path of the file opened last; kept after it is closed.</summary>
    public string? Path { get; private set; }

    /// <summary>The bytes in the open file: where the next write starts, always at a line boundary.</summary>
    public long Length { get; private set; }

    /// <summary>Opens the file for <paramref name="periodStart"/> unless it is the one already open.</summary>
    public void OpenOrRollByTime(DateTimeOffset periodStart)
    {
        if (_stream is not null)
        {
            // A clock that steps back keeps the current file: names must keep sorting in time order.
            bool samePeriod = periodStart <= _active.PeriodStart;
            if (samePeriod && (_stream is not FileStream || File.Exists(Path)))
            {
                return;
            }

            // A new period, or the file (or its folder) was deleted or moved away: a write would vanish. Only a file
            // still there is sealed: a vanished one has nowhere to take its seal.
            if (!samePeriod)
            {
                _chain?.Rolling(this, _active);
            }

            Close();
            periodStart = samePeriod ? _active.PeriodStart : periodStart;
        }

        // At start, after a time roll and after a re-open: each pass is idempotent, so a spare one is harmless.
        OpenSlot(periodStart, LatestSequence(periodStart));
        _maintenance.Schedule(_active);
    }

    /// <summary>Closes the open file and opens the period's next sequence: the size limit was reached.</summary>
    public void RollBySize()
    {
        _chain?.Rolling(this, _active);
        Close();
        OpenSlot(_active.PeriodStart, _active.Sequence + 1);
        _maintenance.Schedule(_active);
    }

    /// <summary>Appends whole lines; a failed write leaves the file as it was.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _preallocation?.Ensure(Length, bytes.Length);
        try
        {
            _stream!.Write(bytes);
        }
        catch
        {
            // A write that fails part-way (ENOSPC after some blocks reached the disk) leaves half a line at the
            // end of the file, and the next batch would append to it: one unparsable line and a lost event. Each
            // write starts at a line boundary (Length), so cutting the file back there keeps every line whole.
            TruncateTo(Length);
            throw;
        }

        Length += bytes.Length;
    }

    // Batches are already with the operating system (the stream has no buffer of its own).
    public void Flush() => _stream?.Flush();

    public void FlushToDisk()
    {
        if (_stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            _stream?.Flush();
        }
    }

    /// <summary>Closes the file, never throwing: after a failure the next batch re-opens it.</summary>
    public void Close()
    {
        var stream = _stream;
        _stream = null;
        try
        {
            if (stream is not null)
            {
                FilePreallocation.Release(_preallocation, stream);
            }

            _preallocation = null;
            stream?.Dispose();
        }
        catch (Exception)
        {
            // Closing a broken file can fail again; what matters is that the next batch re-opens.
        }
    }

    /// <summary>A restart appends to the period's latest file, unless that one was already compressed.</summary>
    private int LatestSequence(DateTimeOffset periodStart)
    {
        if (!Directory.Exists(_directory))
        {
            return 0;
        }

        LogFileName? latest = null;
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (_rolling.TryParse(System.IO.Path.GetFileName(path), out var f) && f.PeriodStart == periodStart
                && (latest is null || f.Sequence > latest.Value.Sequence || (f.Sequence == latest.Value.Sequence && f.IsCompressed)))
            {
                latest = f;
            }
        }

        return latest is null ? 0 : latest.Value.Sequence + (latest.Value.IsCompressed ? 1 : 0);
    }

    private void OpenSlot(DateTimeOffset periodStart, int sequence)
    {
        Directory.CreateDirectory(_directory);
        while (true)
        {
            string name = _rolling.FileName(periodStart, sequence);
            string path = System.IO.Path.Combine(_directory, name);
            _stream = _openStream(path);
            _preallocation = FilePreallocation.For(_stream);
            Length = _stream.CanSeek ? _stream.Length : 0;
            _active = new LogFileName(name, periodStart, sequence, IsCompressed: false);
            Path = path;
            if (_chain is null || _chain.Opened(this, _active, path))
            {
                return;
            }

            // A sealed file (a roll whose next file was never opened) takes no more lines.
            Close();
            sequence++;
        }
    }

    private void TruncateTo(long length)
    {
        try
        {
            if (_stream is { CanSeek: true } stream && stream.Length > length)
            {
                stream.SetLength(length);
            }
        }
        catch (Exception)
        {
            // Best effort: the write's own error is the one the pipeline counts and reports.
        }
    }

    // No FileStream buffer (bufferSize 0): our batch buffer is the only one, so each chunk is one write(2).
    private static FileStream OpenFile(string path)
    {
        IncompleteLineRepair.Repair(path);
        return new(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
    }
}
