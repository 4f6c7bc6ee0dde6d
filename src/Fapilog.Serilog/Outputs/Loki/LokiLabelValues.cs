using System;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Outputs.Loki;

/// <summary>
/// The values one property label has taken, each with its JSON string bytes, up to a fixed number of distinct values:
/// the cardinality guard. A value seen before costs a hash and a compare (no allocation); a new value costs one string
/// and its bytes while there is room; once the label is full, every new value maps to the overflow value and is counted.
/// </summary>
/// <remarks>
/// The writer thread's own (the output's formatter). An open-addressing table keyed by the characters, so a value
/// rendered into a scratch span is looked up without becoming a string first. At most <c>limit</c> entries, so the table
/// never grows after its construction and never holds more than the guard allows.
/// </remarks>
internal sealed class LokiLabelValues
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly string[] _texts;
    private readonly byte[][] _json;
    private readonly int _mask;
    private readonly int _limit;
    private int _count;

    public LokiLabelValues(string name, int limit)
    {
        Name = name;
        _limit = limit;
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, limit * 2));
        _texts = new string[size];
        _json = new byte[size][];
        _mask = size - 1;
        Overflow = Quoted(FapilogLokiOptions.OverflowValue);
    }

    public string Name { get; }

    /// <summary>The distinct values taken so far (at most the limit).</summary>
    public int Count => _count;

    /// <summary>Events whose value came after the limit and were sent as the overflow value.</summary>
    public long Overflowed { get; private set; }

    /// <summary>The overflow value's JSON string bytes.</summary>
    public byte[] Overflow { get; }

    /// <summary>The JSON string bytes (quotes included) to send for <paramref name="value"/>.</summary>
    /// <param name="value">The value, already cut to the length limit.</param>
    /// <param name="overflowed">True the first time this label overflows, so the caller reports it once.</param>
    public byte[] Of(ReadOnlySpan<char> value, out bool overflowed)
    {
        overflowed = false;
        int slot = string.GetHashCode(value, StringComparison.Ordinal) & _mask;
        while (_texts[slot] is { } text)
        {
            if (value.SequenceEqual(text))
            {
                return _json[slot];
            }

            slot = (slot + 1) & _mask;
        }

        if (_count == _limit)
        {
            overflowed = Overflowed++ == 0;
            return Overflow;
        }

        string added = value.ToString();
        _texts[slot] = added;
        _json[slot] = Quoted(added);
        _count++;
        return _json[slot];
    }

    /// <summary>A value as a JSON string, escaped as every line of this package is.</summary>
    internal static byte[] Quoted(string value)
    {
        var encoded = JsonEncodedText.Encode(SafeText.ReplaceLoneSurrogates(value), Encoder).EncodedUtf8Bytes;
        var bytes = new byte[encoded.Length + 2];
        bytes[0] = (byte)'"';
        encoded.CopyTo(bytes.AsSpan(1));
        bytes[^1] = (byte)'"';
        return bytes;
    }

    /// <summary>A label name as a JSON key with its colon, <c>"name":</c> (label names are ASCII letters, digits and underscores).</summary>
    internal static byte[] Key(string name) => Encoding.ASCII.GetBytes("\"" + name + "\":");
}
