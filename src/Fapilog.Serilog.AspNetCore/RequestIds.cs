using System;

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

    /// <summary>
    /// A new id: 32 lower-case hex digits of 128 random bits. Unique, not secret (it is echoed to the client and
    /// logged), so it comes from the runtime's fast shared generator, seeded from the operating system, rather than
    /// from a cryptographic source that costs a system call per request.
    /// </summary>
    public static string New()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return string.Create(32, (Hi: BitConverter.ToUInt64(bits), Lo: BitConverter.ToUInt64(bits[8..])), static (chars, id) =>
        {
            Hex(id.Hi, chars[..16]);
            Hex(id.Lo, chars[16..]);
        });
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
