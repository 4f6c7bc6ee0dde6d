using System;
using System.Globalization;
using System.Text;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>The fast double path must give the runtime's bytes for every value it accepts.</summary>
public class ShortDoubleTests
{
    [Theory]
    [InlineData(12.5, "12.5")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.25, "0.25")]
    [InlineData(1999.99, "1999.99")]
    [InlineData(42.0, "42")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(1073741823.5, "1073741823.5")]
    [InlineData(123456.654321, "123456.654321")]
    public void TryFormatShort_CommonValues_WritesTheRuntimesText(double value, string expected)
    {
        Assert.True(ShortDouble.TryFormatShort(value, new byte[32], out _));
        Assert.Equal(expected, Format(value));
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), expected);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.00001)]
    [InlineData(1073741824.0)]
    [InlineData(0.1234567)]
    [InlineData(1.0 / 3)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    public void TryFormatShort_ValuesOutsideTheFastPath_AreLeftToTheRuntime(double value)
    {
        Assert.False(ShortDouble.TryFormatShort(value, new byte[32], out _));
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Format(value));
    }

    [Fact]
    public void TryFormat_DecimalsOfEveryLengthAndMagnitude_MatchTheRuntime()
    {
        var random = new Random(20261122);
        var buffer = new byte[32];
        int fast = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            // A decimal with 0..8 fraction digits at a random magnitude: the fast path's domain and just past it.
            int decimals = random.Next(0, 9);
            long mantissa = random.NextInt64(0, 1L << random.Next(1, 50));
            double value = mantissa / Math.Pow(10, decimals) * (random.Next(2) == 0 ? 1 : -1);
            fast += AssertSame(value, buffer) ? 1 : 0;
        }

        Assert.True(fast > 300_000, $"the fast path took {fast} values");
    }

    [Fact]
    public void TryFormat_ArbitraryBitPatternsAndNeighbours_MatchTheRuntime()
    {
        var random = new Random(7);
        var buffer = new byte[32];
        int fast = 0;
        for (int i = 0; i < 300_000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            AssertSame(value, buffer);

            // The neighbours of short decimals, where a wrong rounding would show.
            double near = Math.Round(random.NextDouble() * 10_000, random.Next(0, 7));
            fast += AssertSame(near, buffer) ? 1 : 0;
            AssertSame(Math.BitIncrement(near), buffer);
            AssertSame(Math.BitDecrement(near), buffer);
        }

        Assert.True(fast > 250_000, $"the fast path took {fast} of the short decimals");
    }

    private static bool AssertSame(double value, byte[] buffer)
    {
        bool fast = ShortDouble.TryFormatShort(value, buffer, out int written);
        if (fast)
        {
            string expected = value.ToString(CultureInfo.InvariantCulture);
            string actual = Encoding.ASCII.GetString(buffer, 0, written);
            if (expected != actual)
            {
                Assert.Fail($"{BitConverter.DoubleToInt64Bits(value):x16}: runtime {expected}, fast path {actual}");
            }
        }

        return fast;
    }

    private static string Format(double value)
    {
        var buffer = new byte[32];
        Assert.True(ShortDouble.TryFormat(value, buffer, out int written));
        return Encoding.ASCII.GetString(buffer, 0, written);
    }
}
