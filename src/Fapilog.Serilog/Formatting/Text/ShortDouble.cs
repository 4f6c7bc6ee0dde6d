using System;
using System.Buffers.Text;
using System.Globalization;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Formats a double exactly as <c>double.TryFormat</c> does in the invariant culture (the shortest text that
/// round-trips), with a fast path for the values logs are full of: durations, amounts and ratios with a few
/// decimals (<c>12.5</c>, <c>0.25</c>, <c>1999.99</c>). The general algorithm costs ~50–90 ns per value; the
/// fast path is an integer format.
/// </summary>
/// <remarks>
/// <para>Why the fast path is exact. It applies to finite values with <c>1e-4 ≤ |d| &lt; 2^30</c>; there the
/// runtime writes plain positional notation. For the smallest <c>k</c> in 0…6 such that
/// <c>m = round(d·10^k)</c> satisfies <c>m / 10^k == d</c> (both operands exact, the division correctly
/// rounded, so this holds exactly when the decimal <c>m·10^-k</c> reads back as <c>d</c>), the text is
/// <c>m</c> with the point <c>k</c> digits from the right. It is the shortest round-trip text: a shorter one
/// would have fewer decimals and be found at a smaller <c>k</c> (an integer would read back as itself, not
/// as a non-integral <c>d</c>). It is also the only one of its length: below <c>2^30</c> a double's spacing is
/// under <c>2.4e-7</c>, finer than <c>10^-6</c>, so at most one <c>k</c>-decimal number reads back as <c>d</c>.
/// The error of computing <c>d·10^k</c> (at most ~0.12 there) cannot move <c>round</c> off that number.</para>
/// <para>Everything else (more decimals, tiny or huge magnitudes, zero, NaN, infinities) goes to the runtime.
/// <c>ShortDoubleTests</c> compares both paths over millions of values.</para>
/// </remarks>
internal static class ShortDouble
{
    private const double Limit = 1 << 30;
    private const double Smallest = 1e-4;
    private const int MaxDecimals = 6;

    private static readonly double[] Powers = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000 };
    private static readonly uint[] UPowers = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000 };

    /// <summary>Writes <paramref name="value"/> as <c>double.TryFormat(..., default, InvariantCulture)</c> would.</summary>
    /// <returns>False only when <paramref name="destination"/> is too small (32 bytes always suffice).</returns>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        if (TryFormatShort(value, destination, out written))
        {
            return true;
        }

        return value.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
    }

    /// <summary>The fast path alone: false when it does not apply (or the destination is too small).</summary>
    internal static bool TryFormatShort(double value, Span<byte> destination, out int written)
    {
        written = 0;
        double magnitude = Math.Abs(value);
        if (!(magnitude >= Smallest && magnitude < Limit))
        {
            return false; // also NaN
        }

        for (int k = 0; k <= MaxDecimals; k++)
        {
            double m = Math.Round(magnitude * Powers[k]);
            if (m / Powers[k] != magnitude)
            {
                continue;
            }

            ulong digits = (ulong)m;
            ulong whole = digits / UPowers[k];
            uint fraction = (uint)(digits - (whole * UPowers[k]));
            int position = 0;
            if (value < 0)
            {
                if (destination.IsEmpty)
                {
                    return false;
                }

                destination[position++] = (byte)'-';
            }

            if (!Utf8Formatter.TryFormat(whole, destination[position..], out int wholeLength))
            {
                return false;
            }

            position += wholeLength;
            if (k > 0)
            {
                if (destination.Length - position < k + 1)
                {
                    return false;
                }

                destination[position++] = (byte)'.';
                for (int i = position + k - 1; i >= position; i--)
                {
                    destination[i] = (byte)('0' + (fraction % 10));
                    fraction /= 10;
                }

                position += k;
            }

            written = position;
            return true;
        }

        return false;
    }
}
