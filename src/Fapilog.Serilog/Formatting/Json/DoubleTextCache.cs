using System;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Remembers the text of the last few finite doubles the message renderer formatted, so that writing the
/// same value again as a JSON number (the envelope's <c>data</c>, CLEF's properties) copies bytes instead of
/// running the double-to-text algorithm a second time — the costliest step of a typical event. Exact:
/// <c>double.TryFormat</c> in the invariant culture and <c>Utf8JsonWriter</c> give the same bytes for every
/// finite double (checked over millions of values when this was written, and by the envelope's golden tests).
/// Keyed by value, so an entry is never stale. Owned by one <see cref="FormatterScratch"/>.
/// </summary>
internal sealed class DoubleTextCache
{
    private const int Entries = 4;
    private const int MaxLength = 32; // the longest shortest-round-trip double is 24 bytes

    private readonly long[] _bits = new long[Entries];
    private readonly byte[] _text = new byte[Entries * MaxLength];
    private readonly int[] _lengths = new int[Entries];
    private int _next;

    public void Remember(double value, ReadOnlySpan<byte> text)
    {
        if (text.Length > MaxLength || !double.IsFinite(value))
        {
            return;
        }

        int slot = _next;
        _next = (_next + 1) % Entries;
        _bits[slot] = BitConverter.DoubleToInt64Bits(value);
        text.CopyTo(_text.AsSpan(slot * MaxLength));
        _lengths[slot] = text.Length;
    }

    public bool TryGet(double value, out ReadOnlySpan<byte> text)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        for (int slot = 0; slot < Entries; slot++)
        {
            if (_lengths[slot] != 0 && _bits[slot] == bits)
            {
                text = _text.AsSpan(slot * MaxLength, _lengths[slot]);
                return true;
            }
        }

        text = default;
        return false;
    }
}
