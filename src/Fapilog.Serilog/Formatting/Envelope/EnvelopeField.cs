using System;
using System.Buffers;
using System.Text;

namespace Fapilog.Serilog.Formatting;

/// <summary>Where in the envelope a moved property goes.</summary>
internal enum EnvelopeSection
{
    /// <summary>Directly under <c>log</c> (<c>logger</c>, <c>tags</c>).</summary>
    Log,

    /// <summary><c>log.context</c>.</summary>
    Context,

    /// <summary><c>log.diagnostics</c>, in table order.</summary>
    Diagnostics,

    /// <summary>Not written itself: the audit/security marker shows as <c>log.level</c>.</summary>
    Level,
}

/// <summary>The schema's type for a field: which values fit it (a value that does not stays in <c>data</c>) and how it is written.</summary>
internal enum EnvelopeValue
{
    /// <summary>Any scalar but null, written as a JSON string.</summary>
    String,

    /// <summary>An integer scalar, written as a number.</summary>
    Integer,

    /// <summary>Any scalar but null: <c>int</c> and <c>long</c> written as numbers, anything else as a string.</summary>
    IntegerOrString,

    /// <summary>A sequence of strings, written as an array.</summary>
    StringArray,

    /// <summary>The level marker: consumed only when it decided the level (audit or security).</summary>
    LevelMarker,
}

/// <summary>
/// One row of <see cref="EnvelopeSchema"/>: the property names that move to an envelope key, where the key is,
/// the type its value must have, and the key pre-encoded as it is written. <see cref="Index"/> is the row's
/// place in the table, so also its bit in a mask (<see cref="Bit"/>) and its slot in <see cref="EnvelopeProperties"/>.
/// </summary>
internal sealed class EnvelopeField
{
    private static readonly SearchValues<char> SnakeCase = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    public EnvelopeField(int index, EnvelopeSection section, string key, EnvelopeValue value, string[] names)
    {
        if ((uint)index >= EnvelopeFieldTable.Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"An envelope field's index is its bit in a 64-bit mask: 0 to {EnvelopeFieldTable.Capacity - 1}.");
        }

        // Keys are written as pre-encoded literals, without escaping: only snake_case ASCII keeps that exact.
        if (key.Length == 0 || key.AsSpan().IndexOfAnyExcept(SnakeCase) >= 0)
        {
            throw new ArgumentException($"The envelope key '{key}' is not snake_case ASCII.", nameof(key));
        }

        if (key.Length + 4 > Utf8Block.Size)
        {
            throw new ArgumentException($"The envelope key '{key}' is longer than {Utf8Block.Size - 4} characters.", nameof(key));
        }

        if (names.Length == 0 || Array.IndexOf(names, string.Empty) >= 0)
        {
            throw new ArgumentException($"The envelope key '{key}' needs at least one property name, none empty.", nameof(names));
        }

        Index = index;
        Bit = 1UL << index;
        Section = section;
        Key = key;
        Value = value;
        Names = names;
        Utf8Key = new Utf8Block(Encoding.UTF8.GetBytes(",\"" + key + "\":"));
    }

    /// <summary>The row's place in the table: the write order within a section, and the slot of a moved value.</summary>
    public int Index { get; }

    /// <summary>This field in a mask of fields (<c>1 &lt;&lt; Index</c>).</summary>
    public ulong Bit { get; }

    public EnvelopeSection Section { get; }

    /// <summary>The key inside <see cref="Section"/>, e.g. <c>correlation_id</c>.</summary>
    public string Key { get; }

    public EnvelopeValue Value { get; }

    /// <summary>The property names that move here; when several are present, the first one listed wins and the others stay in <c>data</c>.</summary>
    public string[] Names { get; }

    /// <summary>What is written before the value: <c>,"key":</c>.</summary>
    public Utf8Block Utf8Key { get; }

    /// <summary>Whether <paramref name="name"/> is the name that wins over the field's other names.</summary>
    public bool IsPreferred(string name) => string.Equals(name, Names[0], StringComparison.Ordinal);

    public override string ToString() => Section + "." + Key;
}
