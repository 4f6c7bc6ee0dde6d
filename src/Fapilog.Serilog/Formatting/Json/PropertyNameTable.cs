using System;
using System.Runtime.CompilerServices;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// What the envelope writer needs to know about a property name, worked out once: where the property goes
/// (its <see cref="EnvelopeField"/>, if any) and its JSON key with punctuation (<c>"Name":</c>), escaped exactly as
/// <see cref="PropertyNameCache"/> escapes it.
/// </summary>
internal sealed class NameEntry
{
    public NameEntry(string name)
    {
        Name = name;
        Field = EnvelopeSchema.Find(name);
        var encoded = PropertyNameCache.Plain.Encoded(name).EncodedUtf8Bytes;
        var key = new byte[encoded.Length + 3];
        key[0] = (byte)'"';
        encoded.CopyTo(key.AsSpan(1));
        key[^2] = (byte)'"';
        key[^1] = (byte)':';
        Key = key;
        if (key.Length <= Utf8Block.Size)
        {
            ShortKey = new Utf8Block(key);
        }
    }

    public string Name { get; }

    /// <summary>Where the property moves when its value fits; null when it stays in <c>data</c>.</summary>
    public EnvelopeField? Field { get; }

    public byte[] Key { get; }

    /// <summary><see cref="Key"/> as a block (a copy of constant size) when it fits one; otherwise default, with no bytes.</summary>
    public Utf8Block ShortKey { get; }
}

/// <summary>
/// A small open-addressing table of <see cref="NameEntry"/>s keyed by the name's text, owned by one
/// <see cref="FormatterScratch"/> (one thread at a time). Applications log a bounded vocabulary of names, so
/// after warm-up every lookup is a hash of a short string and a reference (or ordinal) compare, instead of a
/// string switch, a concurrent-dictionary look-up and a second switch per property. Entries are never
/// evicted: once full (or after a few collisions) a name is simply not cached, and callers take the general path.
/// </summary>
internal sealed class PropertyNameTable
{
    private const int Size = 1024; // a power of two
    private const int MaxProbes = 8;
    private const int MaxNameLength = 256; // longer names are rare and not worth a permanent entry

    private readonly NameEntry?[] _entries = new NameEntry?[Size];

    /// <summary>The entry for <paramref name="name"/>, created on first sight; null when the table cannot hold it.</summary>
    public NameEntry? Find(string name)
    {
        if (name.Length > MaxNameLength)
        {
            return null;
        }

        int index = Hash(name);
        for (int probe = 0; probe < MaxProbes; probe++, index = (index + 1) & (Size - 1))
        {
            var entry = _entries[index];
            if (entry is null)
            {
                return _entries[index] = new NameEntry(name);
            }

            if (ReferenceEquals(entry.Name, name) || string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    // Length and three characters: constant time for any name. Names that share them only cost a probe or
    // two; the table never grows, so a crafted set of colliding names can only make those names uncached.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(string name)
    {
        if (name.Length == 0)
        {
            return 0;
        }

        uint hash = ((uint)name.Length * 0x9E3779B1u) ^ ((uint)name[0] * 0x85EBCA77u)
            ^ ((uint)name[name.Length >> 1] * 0xC2B2AE3Du) ^ ((uint)name[^1] * 0x27D4EB2Fu);
        return (int)(hash ^ (hash >> 16)) & (Size - 1);
    }
}
