using System;
using System.Security.Cryptography;

namespace Fapilog.Serilog;

/// <summary>
/// Generates time-ordered UUIDs (version 7, RFC 9562) for <c>message_id</c> without allocating: 48 bits of
/// Unix milliseconds, a 12-bit counter that keeps ids from one generator strictly increasing within a
/// millisecond, and 62 random bits from a per-generator xorshift state.
/// </summary>
/// <remarks>
/// Not thread-safe: a pipeline owns one and uses it from its writer thread only. <see cref="Shared"/> gives
/// each other thread its own.
/// </remarks>
internal sealed class MessageIdGenerator
{
    [ThreadStatic]
    private static MessageIdGenerator? t_shared;

    private readonly TimeProvider _time;
    private ulong _state;
    private long _lastMillis;
    private int _counter;

    public MessageIdGenerator(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Span<byte> seed = stackalloc byte[8];
        RandomNumberGenerator.Fill(seed);
        _state = BitConverter.ToUInt64(seed) | 1UL;
    }

    /// <summary>A generator for the calling thread.</summary>
    public static MessageIdGenerator Shared => t_shared ??= new MessageIdGenerator();

    public Guid Next() => Next(_time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>
    /// An id whose time part is <paramref name="millis"/> (Unix milliseconds) or later: the writer reads the clock
    /// once per batch and passes it here, instead of once per event. Ids stay strictly increasing either way.
    /// </summary>
    public Guid Next(long millis)
    {
        if (millis > _lastMillis)
        {
            _lastMillis = millis;
            _counter = (int)(NextRandom() & 0x1FF); // random start, leaving room to count up within the ms
        }
        else if (++_counter > 0xFFF)
        {
            // Counter exhausted (or the clock went back): borrow the next millisecond to stay monotonic.
            _lastMillis++;
            _counter = 0;
        }

        ulong random = NextRandom();
        ulong ts = (ulong)_lastMillis & 0xFFFF_FFFF_FFFFUL;
        int a = (int)(ts >> 16);
        short b = (short)(ts & 0xFFFF);
        short c = (short)(0x7000 | _counter);
        byte d = (byte)(0x80 | (int)((random >> 56) & 0x3F));
        return new Guid(a, b, c, d,
            (byte)(random >> 48), (byte)(random >> 40), (byte)(random >> 32),
            (byte)(random >> 24), (byte)(random >> 16), (byte)(random >> 8), (byte)random);
    }

    private ulong NextRandom()
    {
        // xorshift64*: fast, and good enough for the random part of an id that is already time-unique.
        ulong x = _state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        _state = x;
        return x * 0x2545F4914F6CDD1DUL;
    }
}
