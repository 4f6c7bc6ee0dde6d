using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>What an id taken from a request may look like: 1 to the limit's characters of letters, digits and
/// <c>- _ . : / @ +</c> (no spaces, quotes, control characters or line breaks, so it cannot forge or break log lines).</summary>
internal static class RequestIds
{
    public static bool IsValid(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':' or '/' or '@' or '+';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private const int IdsPerRefill = 64;

    // Per thread: random bytes for the next ids, drawn from the operating system's secure generator 64 ids at a time.
    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_next;

    /// <summary>
    /// A new id: a random (version 4) UUID as 32 lower-case hex digits, the form <c>Guid.ToString("N")</c> writes.
    /// Its 122 random bits come from the operating system's secure generator, as a new <see cref="Guid"/>'s do, but
    /// fetched for 64 ids at once per thread instead of one call per request.
    /// </summary>
    public static string New()
    {
        var pool = t_pool;
        if (pool is null || t_next == IdsPerRefill)
        {
            pool = t_pool ??= new byte[16 * IdsPerRefill];
            RandomNumberGenerator.Fill(pool);
            t_next = 0;
        }

        var bits = pool.AsSpan(16 * t_next++, 16);
        bits[6] = (byte)((bits[6] & 0x0F) | 0x40); // version 4
        bits[8] = (byte)((bits[8] & 0x3F) | 0x80); // RFC 4122 variant
        string id = string.Create(32, (BinaryPrimitives.ReadUInt64BigEndian(bits), BinaryPrimitives.ReadUInt64BigEndian(bits[8..])), static (chars, halves) =>
        {
            Hex(halves.Item1, chars[..16]);
            Hex(halves.Item2, chars[16..]);
        });
        bits.Clear(); // an id handed out leaves no copy behind
        return id;
    }

    private static void Hex(ulong value, Span<char> chars)
    {
        const string digits = "0123456789abcdef";
        for (int i = chars.Length - 1; i >= 0; i--, value >>= 4)
        {
            chars[i] = digits[(int)(value & 0xF)];
        }
    }
}
