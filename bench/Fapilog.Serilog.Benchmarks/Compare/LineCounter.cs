using System;
using System.Buffers;
using System.IO;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>Counts '\n' in every file under a folder: the proof that an event reached the disk.</summary>
internal static class LineCounter
{
    public static long CountLines(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        long lines = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lines += buffer.AsSpan(0, read).Count((byte)'\n');
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return lines;
    }
}
