using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Serilog.Events;
using Serilog.Parsing;

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
    private readonly bool[] _formatted = new bool[Size];
    private readonly ArrayBufferWriter<byte> _encode = new(256);

    // CLEF's @i per template, in a table of its own: the rendered form needs the id and never the JSON.
    private readonly MessageTemplate?[] _idTemplates = new MessageTemplate?[Size];
    private readonly uint[] _ids = new uint[Size];

    /// <summary>The template's CLEF event id (<see cref="EventIdHash"/>), hashed once per template object.</summary>
    public uint EventId(MessageTemplate template)
    {
        int slot = RuntimeHelpers.GetHashCode(template) & (Size - 1);
        if (ReferenceEquals(_idTemplates[slot], template))
        {
            return _ids[slot];
        }

        uint id = EventIdHash.Compute(template.Text);
        _ids[slot] = id;
        _idTemplates[slot] = template;
        return id;
    }

    /// <summary>The template as a JSON string; valid until the next call.</summary>
    public ReadOnlySpan<byte> Json(MessageTemplate template, Utf8JsonWriter writer) => Json(template, writer, out _);

    /// <summary>
    /// As <see cref="Json(MessageTemplate, Utf8JsonWriter)"/>, with the template's identity hash
    /// (<see cref="RuntimeHelpers.GetHashCode(object)"/>, a call into the runtime) taken once by a caller that
    /// looks the template up in more than one table.
    /// </summary>
    public ReadOnlySpan<byte> Json(MessageTemplate template, int identityHash, Utf8JsonWriter writer) => Json(template, identityHash, writer, out _);

    /// <summary>
    /// The template as a JSON string, valid until the next call, and whether a property token has a format
    /// string (CLEF writes renderings only then): a fact of the template, so it is kept with its JSON rather
    /// than found by scanning the tokens of every event.
    /// </summary>
    public ReadOnlySpan<byte> Json(MessageTemplate template, Utf8JsonWriter writer, out bool formatted)
        => Json(template, RuntimeHelpers.GetHashCode(template), writer, out formatted);

    private ReadOnlySpan<byte> Json(MessageTemplate template, int identityHash, Utf8JsonWriter writer, out bool formatted)
    {
        int slot = identityHash & (Size - 1);
        if (ReferenceEquals(_templates[slot], template))
        {
            formatted = _formatted[slot];
            return _json[slot].AsSpan(0, _lengths[slot]);
        }

        formatted = HasFormattedToken(template);
        _encode.ResetWrittenCount();
        var json = new SpanJsonWriter(_encode, writer);
        json.String(template.Text);
        json.Complete();
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
            _formatted[slot] = formatted;
            _templates[slot] = template;
        }

        return _encode.WrittenSpan;
    }

    private static bool HasFormattedToken(MessageTemplate template)
    {
        // Serilog keeps tokens in an array; iterating it directly avoids an enumerator per miss.
        var tokens = template.Tokens as MessageTemplateToken[] ?? new List<MessageTemplateToken>(template.Tokens).ToArray();
        foreach (var token in tokens)
        {
            if (token is PropertyToken { Format: not null })
            {
                return true;
            }
        }

        return false;
    }
}
