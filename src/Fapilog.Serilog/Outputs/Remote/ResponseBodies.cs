using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;

namespace Fapilog.Serilog.Outputs.Remote;

/// <summary>Reads a response's body for an output that looks into it (a bulk result, a backend's error reason).</summary>
/// <remarks>
/// On the delivery thread. The reads are asynchronous ones waited for, because only those observe
/// the token (a synchronous read of a response stream cannot be cancelled, and closing the stream under it does not
/// always end it): <see cref="HttpPoster"/>'s hooks get a token that also fires when the body takes longer than the
/// request timeout.
/// </remarks>
internal static class ResponseBodies
{
    private const int ReadSize = 16 * 1024;

    /// <summary>
    /// Reads the body into <paramref name="target"/> (emptied first), at most <paramref name="limit"/> bytes; returns
    /// false when the body did not end within them (what was read is kept: an excerpt).
    /// </summary>
    public static bool Read(HttpResponseMessage response, PooledByteBuffer target, int limit, CancellationToken cancel)
    {
        target.Clear();
        using var stream = response.Content.ReadAsStream(cancel);
        while (true)
        {
            // One byte past the limit tells a body that ends there from a longer one.
            int room = limit + 1 - target.Count;
            var memory = target.GetMemory(Math.Min(room, ReadSize));
            memory = memory[..Math.Min(memory.Length, room)];
            var pending = stream.ReadAsync(memory, cancel);
            int read = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            if (read == 0)
            {
                return true;
            }

            target.Advance(read);
            if (target.Count > limit)
            {
                target.Truncate(limit);
                return false;
            }
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> bytes of the body as UTF-8 text (a backend's error explanation), or null when it
    /// cannot be read in time or at all: the status has already decided the outcome, the text only adds to it.
    /// </summary>
    public static string? ReadText(HttpResponseMessage response, int limit, CancellationToken cancel)
    {
        using var buffer = new PooledByteBuffer();
        try
        {
            Read(response, buffer, limit, cancel);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }
}
