using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Reserves the log file's blocks ahead of its end, <see cref="Step"/> bytes at a time, with Linux's
/// <c>fallocate(FALLOC_FL_KEEP_SIZE)</c>: the file's size (what readers see) does not change, but each write then
/// lands in blocks that are already allocated, so ext4 skips its per-block delayed-allocation bookkeeping in
/// <c>write</c>. On a warm page cache that made 404-byte-line writes ~1.5× faster (3.2 → 4.8 GB/s, 256 KiB writes).
/// What is reserved past the last line is handed back when the file is closed (a truncate to its own size); a
/// process that dies keeps at most one step of it. Anywhere else, or on a file system that refuses the call, it
/// does nothing.
/// </summary>
/// <remarks>Not thread-safe: one per open file, used under the rolling output's lock.</remarks>
internal sealed class FilePreallocation
{
    /// <summary>How far ahead of the end blocks are reserved.</summary>
    public const long Step = 8L << 20;

    private const int KeepSize = 0x01; // FALLOC_FL_KEEP_SIZE

    // Set for good when the C library lacks the call: no file tries again.
    private static int s_unsupported;

    private readonly SafeFileHandle _handle;
    private long _reservedEnd; // where the reserved blocks end; nothing is reserved at or past it
    private bool _refused; // this file's file system said no (or the disk is full): no further attempt on it
    private bool _asked; // a reservation was asked for: even a refused one can leave part of its range allocated

    private FilePreallocation(SafeFileHandle handle) => _handle = handle;

    /// <summary>
    /// True once blocks past the end of the file may be reserved: a reservation was granted, or refused, which can still
    /// leave part of its range allocated (a disk that fills during the call). <see cref="Release"/> then has work to do.
    /// </summary>
    public bool Reserved => _asked;

    /// <summary>Where the granted reserve ends (0: none granted); for tests.</summary>
    internal long ReservedEnd => _reservedEnd;

    /// <summary>One for <paramref name="stream"/> when it is a file on Linux (64-bit), otherwise null.</summary>
    public static FilePreallocation? For(Stream stream)
        => OperatingSystem.IsLinux() && Environment.Is64BitProcess && Volatile.Read(ref s_unsupported) == 0
            && stream is FileStream { SafeFileHandle: { IsInvalid: false } handle }
                ? new FilePreallocation(handle)
                : null;

    /// <summary>
    /// Before <paramref name="count"/> bytes are appended at <paramref name="length"/>: reserves the blocks up to the next
    /// <see cref="Step"/> boundary past them, unless that is done already. Never throws; a refusal only means no reserve.
    /// </summary>
    public void Ensure(long length, int count)
    {
        long end = length + count;
        if (end <= _reservedEnd || _refused)
        {
            return;
        }

        long from = Math.Max(length, _reservedEnd);
        long to = (end / Step + 1) * Step;
        _asked = true;
        if (Reserve(from, to - from))
        {
            _reservedEnd = to;
        }
        else
        {
            _refused = true;
        }
    }

    /// <summary>
    /// Hands the reserved blocks past the file's end back: truncating a file to its own size frees what lies beyond it.
    /// The size is the file's own (not the lines this process counted), so nothing another writer appended is cut.
    /// </summary>
    public static void Release(FilePreallocation? preallocation, Stream stream)
    {
        if (preallocation is not { Reserved: true })
        {
            return;
        }

        try
        {
            stream.SetLength(stream.Length);
        }
        catch (Exception)
        {
            // Best effort: the blocks only cost disk space, and the file's lines are whole either way.
        }
    }

    private bool Reserve(long offset, long size)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            return Fallocate((int)_handle.DangerousGetHandle(), KeepSize, offset, size) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref s_unsupported, 1);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    // int fallocate(int fd, int mode, off_t offset, off_t len); off_t is 64 bits in a 64-bit process.
    [DllImport("libc", EntryPoint = "fallocate", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fallocate(int fd, int mode, long offset, long length);
}
