using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// FsCheck generators of every scalar Serilog captures or a <c>ScalarValue</c> can hold, each mixing random
/// values with its edge values (limits, zeroes, NaN and infinities, subnormals, exponent boundaries).
/// </summary>
internal static class RandomScalars
{
    public static Gen<int> Int32Bits { get; } = Gen.Choose(int.MinValue, int.MaxValue);

    public static Gen<ulong> Bits64 { get; } =
        from high in Int32Bits
        from low in Int32Bits
        select ((ulong)(uint)high << 32) | (uint)low;

    /// <summary>Text from pieces that need care in JSON and in UTF-8: escapes, controls, lone and paired surrogates.</summary>
    public static Gen<string> Text { get; } = TextOf(Gen.Frequency((100, Gen.Choose(0, 12)), (1, Gen.Choose(60, 250))));

    public static Gen<object?> Integers { get; } = Gen.OneOf(
        Edge(sbyte.MinValue, sbyte.MaxValue, (sbyte)0, (sbyte)-1).Or(Int32Bits.Select(i => (object?)(sbyte)i)),
        Edge(byte.MinValue, byte.MaxValue).Or(Int32Bits.Select(i => (object?)(byte)i)),
        Edge(short.MinValue, short.MaxValue, (short)-1).Or(Int32Bits.Select(i => (object?)(short)i)),
        Edge(ushort.MinValue, ushort.MaxValue).Or(Int32Bits.Select(i => (object?)(ushort)i)),
        Edge(int.MinValue, int.MaxValue, 0, -1, 1).Or(Int32Bits.Select(i => (object?)i)).Or(Gen.Choose(-1000, 1000).Select(i => (object?)i)),
        Edge(uint.MinValue, uint.MaxValue).Or(Int32Bits.Select(i => (object?)(uint)i)),
        Edge(long.MinValue, long.MaxValue, 0L, -1L).Or(Bits64.Select(b => (object?)(long)b)),
        Edge(ulong.MinValue, ulong.MaxValue).Or(Bits64.Select(b => (object?)b)),
        Edge((nint)0, nint.MinValue, nint.MaxValue).Or(Bits64.Select(b => (object?)(nint)(long)b)),
        Edge((nuint)0, nuint.MaxValue).Or(Bits64.Select(b => (object?)(nuint)b)));

    public static Gen<object?> WideIntegers { get; } = Gen.OneOf(
        Edge(Int128.MinValue, Int128.MaxValue, Int128.Zero).Or(Bits64.Two().Select(t => (object?)(Int128)new UInt128(t.Item1, t.Item2))),
        Edge(UInt128.MinValue, UInt128.MaxValue).Or(Bits64.Two().Select(t => (object?)new UInt128(t.Item1, t.Item2))),
        Edge(BigInteger.Zero, BigInteger.MinusOne, BigInteger.Pow(10, 400), -BigInteger.Pow(2, 200))
            .Or(Gen.Choose(0, 24).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => (object?)new BigInteger(b))));

    public static Gen<double> Doubles { get; } = Gen.Frequency(
        (3, Bits64.Select(b => BitConverter.UInt64BitsToDouble(b))),
        (3, from m in Gen.Choose(-10_000_000, 10_000_000) from k in Gen.Choose(0, 7) select m / Math.Pow(10, k)),
        (2, from m in Gen.Choose(1, 99_999) from e in Gen.Choose(-330, 310) from negative in Gen.Elements(false, true)
            select double.Parse((negative ? "-" : "") + m + "e" + e, CultureInfo.InvariantCulture)),
        (1, Gen.Elements(
            0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon,
            double.MaxValue, double.MinValue, 2.2250738585072014E-308, 2.2250738585072009E-308, 1e21, 1e20, 999999999999999999999.0,
            1e-4, 1e-5, 0.0001, 0.00001, 1e-7, 1e15, 1e16, 1e17, 9007199254740992.0, 9007199254740993.0, 1073741824.0, 1073741823.75,
            0.1, 0.2, 0.30000000000000004, 1.0 / 3, 123456.789, -1.5, 1999.99)));

    public static Gen<float> Singles { get; } = Gen.Frequency(
        (3, Int32Bits.Select(BitConverter.Int32BitsToSingle)),
        (2, from m in Gen.Choose(-1_000_000, 1_000_000) from k in Gen.Choose(0, 6) select (float)(m / Math.Pow(10, k))),
        (1, Gen.Elements(
            0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, float.MaxValue,
            float.MinValue, 1.17549435E-38f, 16777216f, 16777217f, 1e7f, 1e-5f, 0.1f, 3.4e38f, 1.1f)));

    public static Gen<Half> Halves { get; } = Gen.Frequency(
        (3, Gen.Choose(0, ushort.MaxValue).Select(b => BitConverter.UInt16BitsToHalf((ushort)b))),
        (1, Gen.Elements(Half.Zero, Half.NegativeZero, Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity, Half.Epsilon, Half.MaxValue, Half.MinValue, (Half)1.5)));

    public static Gen<decimal> Decimals { get; } = Gen.Frequency(
        (3, from lo in Int32Bits from mid in Int32Bits from hi in Int32Bits from negative in Gen.Elements(false, true) from scale in Gen.Choose(0, 28)
            select new decimal(lo, mid, hi, negative, (byte)scale)),
        (3, from m in Gen.Choose(-1_000_000, 1_000_000) from scale in Gen.Choose(0, 6) select new decimal(Math.Abs(m), 0, 0, m < 0, (byte)scale)),
        (1, Gen.Elements(0m, 0.0m, 1.50m, -0.00m, new decimal(0, 0, 0, true, 3), decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 79228162514264337593543950335m)));

    public static Gen<DateTime> DateTimes { get; } =
        from ticks in Gen.Frequency(
            (4, Bits64.Select(b => (long)(b % ((ulong)DateTime.MaxValue.Ticks + 1)))),
            (1, Gen.Elements(0L, DateTime.MaxValue.Ticks, DateTime.UnixEpoch.Ticks, new DateTime(2026, 3, 4).Ticks)))
        from kind in Gen.Elements(DateTimeKind.Utc, DateTimeKind.Local, DateTimeKind.Unspecified)
        select new DateTime(ticks, kind);

    public static Gen<DateTimeOffset> DateTimeOffsets { get; } =
        from local in DateTimes
        from minutes in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(-14 * 60, 14 * 60)), (1, Gen.Elements(-14 * 60, 14 * 60, 330, -570)))
        select Offset(local.Ticks, minutes);

    public static Gen<object?> Dates { get; } = Gen.OneOf(
        DateTimes.Select(d => (object?)d),
        DateTimeOffsets.Select(d => (object?)d),
        Gen.Frequency(
            (4, Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber)),
            (1, Gen.Elements(DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2026, 3, 4)))).Select(d => (object?)d),
        Gen.Frequency(
            (4, Bits64.Select(b => new TimeOnly((long)(b % (ulong)TimeSpan.TicksPerDay)))),
            (1, Gen.Elements(TimeOnly.MinValue, TimeOnly.MaxValue, new TimeOnly(23, 59, 59, 999), new TimeOnly(1, 2)))).Select(t => (object?)t),
        Gen.Frequency(
            (4, Bits64.Select(b => new TimeSpan((long)b))),
            (2, Gen.Choose(-100_000, 100_000).Select(s => TimeSpan.FromMilliseconds(s * 37.5))),
            (1, Gen.Elements(TimeSpan.Zero, TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.FromTicks(-1), TimeSpan.FromDays(1)))).Select(t => (object?)t));

    public static Gen<object?> Identifiers { get; } = Gen.OneOf(
        Gen.Elements(Guid.Empty, Guid.AllBitsSet).Or(Bits64.Two().Select(t => new Guid(BitConverter.GetBytes(t.Item1).Concat(BitConverter.GetBytes(t.Item2)).ToArray()))).Select(g => (object?)g),
        Gen.Elements(
            new Uri("https://example.com/a%20b?q=%22x%22&r=\u00e9#frag"), new Uri("rel/\u00e9 path?x=\"1\"", UriKind.Relative),
            new Uri("http://\u00fcnicode.example/\u00fc"), new Uri("file:///tmp/x y"), new Uri("urn:isbn:0451450523"),
            new Uri("http://[::1]:8080/"), new Uri("HTTP://Example.COM:80/%41")).Select(u => (object?)u),
        Bits64.Two().Select(t => (object?)ActivityTraceId.CreateFromBytes(BitConverter.GetBytes(t.Item1).Concat(BitConverter.GetBytes(t.Item2)).ToArray())),
        Bits64.Select(b => (object?)ActivitySpanId.CreateFromBytes(BitConverter.GetBytes(b))),
        Gen.Elements<object?>(default(ActivityTraceId), default(ActivitySpanId)));

    public static Gen<object?> Enums { get; } = Gen.Elements<object?>(
        DayOfWeek.Monday, DayOfWeek.Sunday, (DayOfWeek)42, (DayOfWeek)(-1), FileAttributes.Hidden | FileAttributes.ReadOnly,
        (FileAttributes)0, (FileAttributes)0x40000000, LogEventLevel.Fatal, (LogEventLevel)99, ConsoleColor.DarkCyan,
        Wide.Top, (Wide)7, DateTimeKind.Local, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Types Serilog does not capture as scalars but a <c>ScalarValue</c> can hold, and user types.</summary>
    public static Gen<object?> Others { get; } = Gen.OneOf(
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => (object?)b),
        Gen.Two(Doubles).Select(t => (object?)new Complex(t.Item1, t.Item2)),
        Gen.Elements<object?>(new Version(1, 2), new Version(1, 2, 3, 4), new Rune(0x1F600), new Rune('x'), typeof(int), new object()),
        from amount in Decimals from currency in Gen.Elements("EUR", "\u00a5", "\"q\"") select (object?)new OddScalars.Money(amount, currency),
        from x in Int32Bits from y in Gen.Choose(-5, 5) select (object?)new OddScalars.Point(x, y),
        Text.Select(t => (object?)new OddScalars.Label(t)),
        Gen.Elements<object?>(new OddScalars.Opaque(), new OddScalars.NullText(), new OddScalars.FragileUtf8(), new OddScalars.Stubborn()));

    /// <summary>Values whose formatting throws in the reference (and must not in ours).</summary>
    public static Gen<object?> Failing { get; } = Gen.Elements<object?>(new OddScalars.ThrowingText(), new AdversarialCorpus.ThrowingFormattable());

    public static Gen<object?> Any { get; } = Gen.Frequency(
        (8, Text.Select(s => (object?)s)),
        (4, Integers),
        (1, WideIntegers),
        (4, Doubles.Select(d => (object?)d)),
        (2, Singles.Select(f => (object?)f)),
        (1, Halves.Select(h => (object?)h)),
        (2, Decimals.Select(d => (object?)d)),
        (1, Gen.Elements<object?>(true, false)),
        (1, Chars().Select(c => (object?)c)),
        (4, Dates),
        (2, Identifiers),
        (1, Enums),
        (1, Gen.Constant<object?>(null)),
        (2, Others));

    /// <summary>
    /// Text of <paramref name="pieces"/> pieces, lone surrogates anywhere but at its edges: ours replaces a lone
    /// surrogate where it stands, so one at the end of a text token or value does not pair with one at the
    /// start of the next, as it does in the reference's UTF-16 message (a documented difference).
    /// </summary>
    public static Gen<string> TextOf(Gen<int> pieces) =>
        from count in pieces
        from parts in Gen.ArrayOf(Piece, count)
        select Fenced(string.Concat(parts));

    private static Gen<string> Piece { get; } = Gen.Frequency(
        (10, Gen.Elements("a", "Z", "0", " ", "alice", "Order", "42", "-", ".", ",", ":")),
        (3, Gen.Elements("\"", "\\", "/", "{", "}", "{{", "}}", "'", "<", ">", "&", "+", "`", "\u0060")),
        (2, Gen.Choose(0, 0x1F).Select(c => ((char)c).ToString())),
        (2, Gen.Elements("\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u200b", "\u202e", "\ufeff", "\ufffd", "\uffff")),
        (2, Gen.Elements("\u00e9", "\u00fc", "\u20ac", "\u4e2d", "\u0416", "\U0001F600", "\U00010437")),
        (1, Gen.Elements("\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800")),
        (1, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())));

    /// <summary>Any UTF-16 unit but a low surrogate (which could pair with a high one before it, see <see cref="TextOf"/>).</summary>
    private static Gen<char> Chars() => Gen.Frequency(
        (3, Gen.Choose(0x20, 0x7E).Select(c => (char)c)),
        (1, Gen.Choose(0, 0x1F).Select(c => (char)c)),
        (1, Gen.Elements('"', '\\', '\u007f', '\u2028', '\ud800', '\udbff', '\u00e9', '\uffff')),
        (1, Gen.Choose(0, 0xFFFF).Where(c => !char.IsLowSurrogate((char)c)).Select(c => (char)c)));

    private static string Fenced(string text)
        => text.Length > 0 && (char.IsLowSurrogate(text[0]) || char.IsHighSurrogate(text[^1])) ? "|" + text + "|" : text;

    private static Gen<object?> Edge<T>(params T[] values) => Gen.Elements(values).Select(v => (object?)v);

    private static DateTimeOffset Offset(long localTicks, int minutes)
    {
        long utc = localTicks - (minutes * TimeSpan.TicksPerMinute);
        return utc < 0 || utc > DateTime.MaxValue.Ticks
            ? new DateTimeOffset(localTicks, TimeSpan.Zero)
            : new DateTimeOffset(localTicks, TimeSpan.FromMinutes(minutes));
    }

    internal enum Wide : ulong
    {
        Top = ulong.MaxValue,
    }
}
