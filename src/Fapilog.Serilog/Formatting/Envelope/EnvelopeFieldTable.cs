using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// The rows of the envelope mapping in order, and what is derived from them: the name → field lookup and the
/// masks of a section. Built once (<see cref="Builder"/>); a row that would not fit the 64-bit masks, a name
/// listed twice or an empty name fails the build, so a table that cannot work never exists.
/// </summary>
internal sealed class EnvelopeFieldTable
{
    /// <summary>How many fields a table holds: the bits of the <see cref="ulong"/> masks (<see cref="EnvelopeField.Bit"/>).</summary>
    public const int Capacity = 64;

    private const int MaxLookupSize = 4096;

    private readonly EnvelopeField[] _fields;

    // Open addressing without probing: the size (a power of two) and the bits of the hash taken are the first
    // at which no two names share a bucket, so a lookup is one hash and one ordinal compare, as cheap as a
    // compiled string switch.
    private readonly NameSlot[] _byName;
    private readonly int _lookupShift;
    private readonly int _lookupMask;

    private EnvelopeFieldTable(EnvelopeField[] fields)
    {
        _fields = fields;
        var names = new List<(string Name, EnvelopeField Field)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            foreach (var name in field.Names)
            {
                if (!seen.Add(name))
                {
                    throw new InvalidOperationException($"The property name '{name}' is mapped to two envelope fields.");
                }

                names.Add((name, field));
            }
        }

        for (int size = 16; size <= MaxLookupSize; size *= 2)
        {
            for (int shift = 0; shift <= 32 - BitOperations.Log2((uint)size); shift++)
            {
                if (TryPlace(names, size, shift) is { } slots)
                {
                    _byName = slots;
                    _lookupShift = shift;
                    _lookupMask = size - 1;
                    return;
                }
            }
        }

        throw new InvalidOperationException($"The envelope's property names do not hash apart within {MaxLookupSize} buckets; change the hash.");
    }

    public int Count => _fields.Length;

    /// <summary>The buckets of the name lookup (a power of two).</summary>
    public int LookupSize => _byName.Length;

    /// <summary>The field at <paramref name="index"/> (its <see cref="EnvelopeField.Index"/>).</summary>
    public EnvelopeField this[int index] => _fields[index];

    /// <summary>The bits of every field in <paramref name="section"/>.</summary>
    public ulong MaskOf(EnvelopeSection section)
    {
        ulong mask = 0;
        foreach (var field in _fields)
        {
            if (field.Section == section)
            {
                mask |= field.Bit;
            }
        }

        return mask;
    }

    /// <summary>The field a property name moves to, or null when it stays in <c>data</c>. Ordinal: names are case-sensitive.</summary>
    public EnvelopeField? Find(string name)
    {
        if (name.Length == 0)
        {
            return null;
        }

        ref readonly var slot = ref _byName[(int)(Hash(name) >> _lookupShift) & _lookupMask];
        return string.Equals(slot.Name, name, StringComparison.Ordinal) ? slot.Field : null;
    }

    private static NameSlot[]? TryPlace(List<(string Name, EnvelopeField Field)> names, int size, int shift)
    {
        var slots = new NameSlot[size];
        foreach (var (name, field) in names)
        {
            ref var slot = ref slots[(int)(Hash(name) >> shift) & (size - 1)];
            if (slot.Field is not null)
            {
                return null;
            }

            slot = new NameSlot(name, field);
        }

        return slots;
    }

    // Length and three characters, like PropertyNameTable's hash: constant time for any name, and apart
    // for the envelope's names (the constructor proves it for the table it builds).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(string name)
        => ((uint)name.Length * 0x9E3779B1u) ^ ((uint)name[0] * 0x85EBCA77u)
            ^ ((uint)name[name.Length >> 1] * 0xC2B2AE3Du) ^ ((uint)name[^1] * 0x27D4EB2Fu);

    /// <summary>An empty bucket has a null <see cref="Name"/>, which no name equals.</summary>
    private readonly record struct NameSlot(string? Name, EnvelopeField? Field);

    /// <summary>Collects the rows in order; each row's index is its place.</summary>
    internal sealed class Builder
    {
        private readonly List<EnvelopeField> _fields = new();

        /// <summary>Appends a row. Throws once the table is full: the masks would overflow.</summary>
        public EnvelopeField Add(EnvelopeSection section, string key, EnvelopeValue value, params string[] names)
        {
            if (_fields.Count == Capacity)
            {
                throw new InvalidOperationException($"The envelope table holds at most {Capacity} fields (its masks are 64 bits); '{key}' does not fit.");
            }

            var field = new EnvelopeField(_fields.Count, section, key, value, names);
            _fields.Add(field);
            return field;
        }

        public EnvelopeFieldTable Build() => new(_fields.ToArray());
    }
}
