using System;

namespace Fapilog.Serilog;

/// <summary>The Luhn check digit test of card numbers, over the digits of a text (spaces and dashes skipped).</summary>
internal static class Luhn
{
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        int sum = 0;
        int digits = 0;
        for (int i = text.Length - 1; i >= 0; i--)
        {
            char c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            int d = c - '0';
            if ((digits & 1) == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            digits++;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }
}
