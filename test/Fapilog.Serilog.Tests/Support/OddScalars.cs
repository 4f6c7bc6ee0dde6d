using System;
using System.Globalization;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// User types held as scalars (an enricher or a hand-built event can put any object in a <c>ScalarValue</c>):
/// well-behaved formattable types, and the ones that throw, return null or refuse to format.
/// </summary>
internal static class OddScalars
{
    /// <summary>An <see cref="IFormattable"/> that keeps the contract: <c>ToString()</c> is the general format.</summary>
    internal sealed class Money(decimal amount, string currency) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider)
            => amount.ToString(string.IsNullOrEmpty(format) ? "0.00" : format, formatProvider) + " " + currency;

        public override string ToString() => ToString(null, CultureInfo.CurrentCulture);
    }

    /// <summary>Formats the same text through UTF-8 and UTF-16, as the formatting interfaces require.</summary>
    internal sealed class Point(int x, int y) : IUtf8SpanFormattable, IFormattable
    {
        public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
            => System.Text.Unicode.Utf8.TryWrite(utf8Destination, provider, $"({x.ToString(format.ToString(), provider)}, {y.ToString(format.ToString(), provider)})", out bytesWritten);

        public string ToString(string? format, IFormatProvider? formatProvider)
            => "(" + x.ToString(format, formatProvider) + ", " + y.ToString(format, formatProvider) + ")";

        public override string ToString() => ToString(null, CultureInfo.CurrentCulture);
    }

    /// <summary>Any text from <c>ToString()</c>: quotes, controls, lone surrogates.</summary>
    internal sealed class Label(string text)
    {
        public override string ToString() => text;
    }

    /// <summary>No <c>ToString</c> of its own: the type name.</summary>
    internal sealed class Opaque;

    internal sealed class ThrowingText
    {
        public override string ToString() => throw new InvalidOperationException("ToString failure");
    }

    internal sealed class NullText
    {
        public override string? ToString() => null;
    }

    /// <summary>Its UTF-8 formatting fails; its <c>ToString()</c> works (and is what the reference uses).</summary>
    internal sealed class FragileUtf8 : IUtf8SpanFormattable
    {
        public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
            => throw new InvalidOperationException("TryFormat failure");

        public override string ToString() => "fragile";
    }

    /// <summary>Its UTF-8 formatting never succeeds, whatever the room: a writer must not keep growing its buffer.</summary>
    internal sealed class Stubborn : IUtf8SpanFormattable
    {
        public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            bytesWritten = 0;
            return false;
        }

        public override string ToString() => "stubborn";
    }
}
