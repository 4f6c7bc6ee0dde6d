using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>
/// The integrity block that ends every line of an audit trail, written by the chain and read back by the verifier:
/// <c>,"integrity":{"seq":N,"prev":"&lt;hex&gt;","kid":"&lt;id&gt;","mac":"&lt;hex&gt;"}</c> as the last member of
/// <c>log</c> (a seal writes <c>"seal"</c> instead of <c>"seq"</c>). The MAC is HMAC-SHA256 over every byte of the
/// line before its own hex digits, so the verifier recomputes it from the line exactly as stored.
/// </summary>
internal static class AuditLine
{
    public const int HashLength = 32;
    public const int HexLength = 2 * HashLength;

    /// <summary>The longest line the trail writes (an event beyond it fails alone) and the verifier reads: 16 MiB.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    // After the MAC digits: the mac string, integrity, log and the root close, then the line break.
    public static ReadOnlySpan<byte> End => "\"}}}\n"u8;

    /// <summary>How an envelope line ends: log and the root close.</summary>
    public static ReadOnlySpan<byte> EnvelopeEnd => "}}\n"u8;

    public static ReadOnlySpan<byte> Marker => ",\"integrity\":{"u8;

    /// <summary>The hash before the first record: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    /// <summary>The bytes of a line that carry the MAC digits and what follows them.</summary>
    public static int MacTail => HexLength + End.Length;

    /// <summary>Whether <paramref name="kid"/> can name a key: 1 to 64 of <c>A-Z a-z 0-9 . _ -</c> (never escaped in JSON).</summary>
    public static bool IsValidKeyId(string? kid)
    {
        if (string.IsNullOrEmpty(kid) || kid.Length > 64)
        {
            return false;
        }

        foreach (char c in kid)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Appends the integrity block to <paramref name="line"/> (an envelope line without its closing <c>}}\n</c>),
    /// MACs everything before the digits and closes the line.
    /// </summary>
    public static void Append(PooledByteBuffer line, bool seal, long number, ReadOnlySpan<byte> prev, FapilogAuditKey key)
    {
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Material);
        Append(line, seal, number, prev, key, mac);
    }

    /// <summary>As above, with a reusable HMAC of <paramref name="key"/> (reset after use): no re-keying per line.</summary>
    public static void Append(PooledByteBuffer line, bool seal, long number, ReadOnlySpan<byte> prev, FapilogAuditKey key, IncrementalHash hmac)
    {
        Write(line, Marker);
        Write(line, seal ? "\"seal\":"u8 : "\"seq\":"u8);
        var digits = line.GetSpan(20);
        Utf8Formatter.TryFormat(number, digits, out int written);
        line.Advance(written);
        Write(line, ",\"prev\":\""u8);
        WriteHex(line, prev);
        Write(line, "\",\"kid\":\""u8);
        Write(line, key.IdUtf8);
        Write(line, "\",\"mac\":\""u8);
        Span<byte> mac = stackalloc byte[HashLength];
        hmac.AppendData(line.WrittenSpan);
        hmac.GetHashAndReset(mac);
        WriteHex(line, mac);
        Write(line, End);
    }

    /// <summary>The MAC a line should carry under <paramref name="key"/>: over all its bytes before the digits.</summary>
    public static bool MacMatches(ReadOnlySpan<byte> line, in AuditIntegrity integrity, byte[] key)
    {
        Span<byte> mac = stackalloc byte[HashLength];
        HMACSHA256.HashData(key, line[..^MacTail], mac);
        return CryptographicOperations.FixedTimeEquals(mac, integrity.Mac);
    }

    /// <summary>SHA-256 of the whole line, line break included: what the next record's <c>prev</c> holds.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> line) => SHA256.HashData(line);

    /// <summary>
    /// Reads the integrity block at the end of <paramref name="line"/> (with its <c>\n</c>): strict, so that the
    /// block parsed is exactly the one the MAC ends; false for any line that does not end with one.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out AuditIntegrity integrity)
    {
        integrity = default;
        if (!line.EndsWith(End) || line.Length < MacTail + Marker.Length)
        {
            return false;
        }

        int at = line.LastIndexOf(Marker);
        if (at < 0)
        {
            return false;
        }

        var rest = line[(at + Marker.Length)..];
        bool seal;
        if (rest.StartsWith("\"seq\":"u8))
        {
            seal = false;
            rest = rest[6..];
        }
        else if (rest.StartsWith("\"seal\":"u8))
        {
            seal = true;
            rest = rest[7..];
        }
        else
        {
            return false;
        }

        if (!Utf8Parser.TryParse(rest, out long number, out int used) || used == 0 || number < 0 || rest[0] == (byte)'+')
        {
            return false;
        }

        rest = rest[used..];
        if (!Take(ref rest, ",\"prev\":\""u8) || !TryHex(ref rest, out var prev) || !Take(ref rest, "\",\"kid\":\""u8))
        {
            return false;
        }

        int quote = rest.IndexOf((byte)'"');
        if (quote <= 0)
        {
            return false;
        }

        string kid = Encoding.ASCII.GetString(rest[..quote]);
        rest = rest[quote..];
        if (!IsValidKeyId(kid) || !Take(ref rest, "\",\"mac\":\""u8) || !TryHex(ref rest, out var mac) || !rest.SequenceEqual(End))
        {
            return false;
        }

        integrity = new AuditIntegrity(seal, number, prev, kid, mac);
        return true;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static bool Take(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> literal)
    {
        if (!rest.StartsWith(literal))
        {
            return false;
        }

        rest = rest[literal.Length..];
        return true;
    }

    private static bool TryHex(ref ReadOnlySpan<byte> rest, out byte[] value)
    {
        value = Array.Empty<byte>();
        if (rest.Length < HexLength)
        {
            return false;
        }

        var bytes = new byte[HashLength];
        for (int i = 0; i < HashLength; i++)
        {
            int hi = Nibble(rest[2 * i]);
            int lo = Nibble(rest[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        value = bytes;
        rest = rest[HexLength..];
        return true;
    }

    // Lower case only: one spelling per value, so that a line's bytes have one reading.
    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };

    private static void WriteHex(PooledByteBuffer line, ReadOnlySpan<byte> bytes)
    {
        var span = line.GetSpan(bytes.Length * 2);
        for (int i = 0; i < bytes.Length; i++)
        {
            span[2 * i] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            span[(2 * i) + 1] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
        }

        line.Advance(bytes.Length * 2);
    }

    private static void Write(PooledByteBuffer line, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(line.GetSpan(bytes.Length));
        line.Advance(bytes.Length);
    }
}

/// <summary>An integrity block as read from a line.</summary>
/// <param name="IsSeal">A file's seal (its manifest) rather than a chain record.</param>
/// <param name="Number">The record's sequence number; for a seal, the last sequence of the file.</param>
/// <param name="Prev">The previous record's hash; for a seal, the previous seal's.</param>
/// <param name="Kid">The key id.</param>
/// <param name="Mac">The HMAC-SHA256.</param>
internal readonly record struct AuditIntegrity(bool IsSeal, long Number, byte[] Prev, string Kid, byte[] Mac);
