using System;
using System.Net.Http;
using System.Threading;

namespace Fapilog.Serilog.Outputs.Remote;

/// <summary>Reads a response's body for an output that looks into it (a bulk result, a backend's error reason).</summary>
/// <remarks>
/// On the delivery thread. The reads are asynchronous ones waited for, because only those observe
/// the token given to <see cref="Read"/>: <see cref="HttpPoster"/>'s hooks get a token that also fires when
/// the body takes longer than the request timeout.
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
}
