using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Serilog.Debugging;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Compression and retention of a rolling file set, run on the thread pool one pass at a time so that neither
/// gzip nor directory listing delays the next batch.
/// </summary>
/// <remarks>
/// Each pass is idempotent: it compresses every uncompressed file older than the active one (which also finishes
/// work a crash interrupted) and then applies retention, so a pass that is late or repeated does no harm.
/// </remarks>
internal sealed class FileSetMaintenance
{
    private const string PartialSuffix = ".tmp";

    private readonly string _directory;
    private readonly RollingPolicy _rolling;
    private readonly RetentionPolicy _retention;
    private readonly bool _compress;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    // The last scheduled pass. Written by the writer thread under _gate; read by Dispose and tests under _gate.
    private Task _tail = Task.CompletedTask;

    public FileSetMaintenance(string directory, RollingPolicy rolling, RetentionPolicy retention, bool compress, TimeProvider time)
    {
        _directory = directory;
        _rolling = rolling;
        _retention = retention;
        _compress = compress;
        _time = time;
    }

    /// <summary>Completes when every pass scheduled so far has finished (passes never fault).</summary>
    public Task Idle
    {
        get
        {
            lock (_gate)
            {
                return _tail;
            }
        }
    }

    /// <summary>Queues a pass that treats <paramref name="active"/> as the file being written.</summary>
    public void Schedule(LogFileName active)
    {
        if (!_compress && _retention.IsUnlimited)
        {
            return;
        }

        lock (_gate)
        {
            _tail = _tail.ContinueWith(
                _ => Run(active), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default);
        }
    }

    /// <summary>One pass, synchronously. Never throws: failures go to <see cref="SelfLog"/>.</summary>
    internal void Run(LogFileName active)
    {
        try
        {
            if (_compress)
            {
                CompressRolled(active);
            }

            var doomed = _retention.SelectForDeletion(ListSet(), active, _time.GetUtcNow(), NewestContent);
            foreach (var name in doomed)
            {
                TryIo(() => File.Delete(Path.Combine(_directory, name)), "could not delete", name);
            }
        }
        catch (Exception ex)
        {
            SelfLog.WriteLine("Fapilog file output {0}: maintenance failed: {1}", _directory, ex);
        }
    }

    private void CompressRolled(LogFileName active)
    {
        var files = ListSet();
        var compressedSlots = files.Where(f => f.IsCompressed).ToList();
        foreach (var file in files.Where(f => !f.IsCompressed && f.CompareTo(active) < 0))
        {
            string source = Path.Combine(_directory, file.Name);
            if (compressedSlots.Any(c => c.SameSlot(file)))
            {
                // The .gz is only ever created complete (renamed from a partial file), so the original can go.
                TryIo(() => File.Delete(source), "could not delete", file.Name);
                continue;
            }

            TryIo(() => Compress(source), "could not compress", file.Name);
        }
    }

    private static void Compress(string source)
    {
        string target = source + ".gz";
        string partial = target + PartialSuffix;
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            input.CopyTo(gzip);
        }

        File.Move(partial, target, overwrite: true);
        File.Delete(source);
    }

    private List<LogFileName> ListSet()
    {
        var set = new List<LogFileName>();
        if (!Directory.Exists(_directory))
        {
            return set;
        }

        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (_rolling.TryParse(Path.GetFileName(path), out var parsed))
            {
                set.Add(parsed);
            }
        }

        return set;
    }

    private DateTimeOffset NewestContent(LogFileName file)
        => _rolling.Interval == FapilogRollingInterval.Infinite
            ? new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(_directory, file.Name)), TimeSpan.Zero)
            : _rolling.PeriodEnd(file.PeriodStart);

    private void TryIo(Action action, string what, string name)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SelfLog.WriteLine("Fapilog file output {0}: {1}: {2}", Path.Combine(_directory, name), what, ex.Message);
        }
    }
}
