using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// The message template as a finished JSON string (quotes and escapes included), per template object.
/// Serilog reuses one <see cref="MessageTemplate"/> per template text, so a small direct-mapped table keyed
/// by reference turns "transcode, scan and escape the same text for every event" into one copy. A collision
/// just replaces the entry. Owned by one <see cref="FormatterScratch"/>, so one thread at a time.
/// </summary>
internal sealed class TemplateJsonCache
{
    private const int Size = 1024; // a power of two; collisions only cost a re-encode and a small array
    private const int MaxCachedBytes = 4096; // a huge template is written, not kept

    private readonly MessageTemplate?[] _templates = new MessageTemplate?[Size];
    private readonly byte[]?[] _json = new byte[]?[Size];
    private readonly int[] _lengths = new int[Size];
    private readonly ArrayBufferWriter<byte> _encode = new(256);

    public void Write(IBufferWriter<byte> output, MessageTemplate template, Utf8JsonWriter writer)
        => RawJson.Literal(output, Json(template, writer));

    /// <summary>The template as a JSON string; valid until the next call.</summary>
    public ReadOnlySpan<byte> Json(MessageTemplate template, Utf8JsonWriter writer)
    {
        int slot = RuntimeHelpers.GetHashCode(template) & (Size - 1);
        if (ReferenceEquals(_templates[slot], template))
        {
            return _json[slot].AsSpan(0, _lengths[slot]);
        }

        _encode.ResetWrittenCount();
        RawJson.String(_encode, SafeText.Limit(template.Text), writer);
        int length = _encode.WrittenCount;
        if (length <= MaxCachedBytes)
        {
            // Reuse the slot's array when it is large enough: templates that keep colliding (or events built
            // with a fresh template object each) then cost a re-encode, but no allocation.
            var array = _json[slot];
            if (array is null || array.Length < length)
            {
                _json[slot] = array = new byte[Math.Max(length, 128)];
            }

            _encode.WrittenSpan.CopyTo(array);
            _lengths[slot] = length;
            _templates[slot] = template;
        }

        return _encode.WrittenSpan;
    }
}
