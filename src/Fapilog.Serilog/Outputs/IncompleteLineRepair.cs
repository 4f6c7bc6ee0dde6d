using System;
using System.IO;
using Serilog.Debugging;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Before appending to an existing log file: a process killed in the middle of a write can leave a last line
/// without its <c>\n</c>; appending after it would glue the next event to that fragment and lose both. The
/// fragment is cut off (it never was a whole event, and cannot be parsed), and the cut is reported.
/// </summary>
internal static class IncompleteLineRepair
{
    private const int Chunk = 64 * 1024;

    // Longer than any line one interrupted write leaves (a write is at most one batch chunk plus one event).
    private const long MaxFragment = 16L * 1024 * 1024;

    /// <summary>Cuts <paramref name="path"/> back to its last <c>\n</c>. Returns the bytes removed.</summary>
    public static long Repair(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return 0;
            }

            // Exclusive: if anyone else has the file open (another process, a second sink on the same path)
            // this throws and we leave the file alone rather than cut a tail someone is still writing.
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            long length = file.Length;
            if (length == 0 || LastByte(file, length) == (byte)'\n')
            {
                return 0;
            }

            long keep = LastNewlineEnd(file, length);
            if (keep < 0)
            {
                // No line break near the end: not a log file we wrote, or one whole huge fragment. Never cut it.
                SelfLog.WriteLine("Fapilog file output {0}: the file does not end with a line break; appending after it unchanged", path);
                return 0;
            }

            file.SetLength(keep);
            SelfLog.WriteLine("Fapilog file output {0}: removed an incomplete last line ({1} bytes) left by an earlier process", path, length - keep);
            return length - keep;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The append that follows reports the real problem, if there is one.
            return 0;
        }
    }

    private static int LastByte(FileStream file, long length)
    {
        file.Position = length - 1;
        return file.ReadByte();
    }

    /// <summary>
    /// The length up to and including the last <c>\n</c>, looking back at most <see cref="MaxFragment"/> bytes;
    /// -1 when there is none there.
    /// </summary>
    private static long LastNewlineEnd(FileStream file, long length)
    {
        var buffer = new byte[(int)Math.Min(Chunk, length)];
        long end = length;
        long floor = Math.Max(0, length - MaxFragment);
        while (end > floor)
        {
            int size = (int)Math.Min(buffer.Length, end);
            long start = end - size;
            file.Position = start;
            file.ReadExactly(buffer, 0, size);
            int index = Array.LastIndexOf(buffer, (byte)'\n', size - 1, size);
            if (index >= 0)
            {
                return start + index + 1;
            }

            end = start;
        }

        return -1;
    }
}
