namespace Fapilog.Serilog;

/// <summary>
/// Which letters (any case) and which of a few punctuation characters a text holds, and how many digits: one pass
/// over the text that lets every value pattern that needs a character the text lacks be skipped at once.
/// </summary>
/// <remarks>
/// The pass is a table look-up per character (no branch per character class): it runs over every string value of
/// every event, and for the common short value ("cust-3") it is most of what redaction costs.
/// </remarks>
internal static class TextShape
{
    private const string Specials = ":=@._- /";

    // The bit of each ASCII character: a-z and A-Z share a bit per letter, the specials have one each after the
    // letters, and a digit has DigitBit (counted, never part of a shape). Other characters have none.
    private const ulong DigitBit = 1UL << 63;
    private static readonly ulong[] Bits = BuildBits();

    /// <summary>The shape of <paramref name="text"/>.</summary>
    public static ulong Of(string text, out int digits)
    {
        var bits = Bits;
        ulong shape = 0;
        int count = 0;
        foreach (char c in text)
        {
            if (c < (uint)bits.Length) // ASCII only; the compare with the length also drops the bounds check
            {
                ulong bit = bits[c];
                shape |= bit;
                count += (int)(bit >> 63);
            }
        }

        digits = count;
        return shape & ~DigitBit;
    }

    /// <summary>The mask of the characters of <paramref name="chars"/> (what a pattern needs).</summary>
    public static ulong Needs(string chars) => Of(chars, out _);

    private static ulong[] BuildBits()
    {
        var bits = new ulong[128];
        for (char c = 'a'; c <= 'z'; c++)
        {
            bits[c] = 1UL << (c - 'a');
            bits[char.ToUpperInvariant(c)] = 1UL << (c - 'a');
        }

        for (char c = '0'; c <= '9'; c++)
        {
            bits[c] = DigitBit;
        }

        for (int i = 0; i < Specials.Length; i++)
        {
            bits[Specials[i]] = 1UL << (26 + i);
        }

        return bits;
    }
}
