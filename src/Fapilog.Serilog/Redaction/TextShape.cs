namespace Fapilog.Serilog;

/// <summary>
/// Which letters (any case) and which of a few punctuation characters a text holds, and how many digits: one pass
/// over the text that lets every value pattern that needs a character the text lacks be skipped at once.
/// </summary>
internal static class TextShape
{
    private const string Specials = ":=@._- /";

    /// <summary>The shape of <paramref name="text"/>.</summary>
    public static ulong Of(string text, out int digits)
    {
        ulong shape = 0;
        digits = 0;
        foreach (char c in text)
        {
            shape |= Bit(c, ref digits);
        }

        return shape;
    }

    /// <summary>The mask of the characters of <paramref name="chars"/> (what a pattern needs).</summary>
    public static ulong Needs(string chars) => Of(chars, out _);

    private static ulong Bit(char c, ref int digits)
    {
        if (c is >= 'a' and <= 'z')
        {
            return 1UL << (c - 'a');
        }

        if (c is >= 'A' and <= 'Z')
        {
            return 1UL << (c - 'A');
        }

        if (c is >= '0' and <= '9')
        {
            digits++;
            return 0;
        }

        int special = Specials.IndexOf(c);
        return special < 0 ? 0 : 1UL << (26 + special);
    }
}
