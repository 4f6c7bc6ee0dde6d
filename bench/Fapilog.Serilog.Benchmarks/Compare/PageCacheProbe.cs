using System;
using System.Diagnostics;
using System.IO;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// How fast this machine takes file writes into the page cache: 256 MiB in 256 KiB writes to a fresh file,
/// without fsync (no setup of the comparison syncs either). On a virtual machine whose host reclaims the guest's
/// free memory, pages that were not recently used cost a fault on the host at first touch, and this number
/// drops from gigabytes to a few hundred megabytes a second: every file setup then pays per byte it writes.
/// </summary>
internal static class PageCacheProbe
{
    private const int ChunkBytes = 256 * 1024;
    private const int Chunks = 1024;

    /// <summary>Megabytes (10^6 bytes) per second.</summary>
    public static double Measure(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "page-cache-probe.bin");
        var chunk = new byte[ChunkBytes];
        chunk.AsSpan().Fill((byte)'x');
        long started = Stopwatch.GetTimestamp();
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            for (int i = 0; i < Chunks; i++)
            {
                stream.Write(chunk);
            }
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        File.Delete(path);
        return (double)ChunkBytes * Chunks / 1e6 / seconds;
    }
}
