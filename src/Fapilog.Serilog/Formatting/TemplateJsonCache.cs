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
    private readonly ArrayBufferWriter<byte> _encode = new(256);

    public void Write(IBufferWriter<byte> output, MessageTemplate template, Utf8JsonWriter writer)
    {
        int slot = RuntimeHelpers.GetHashCode(template) & (Size - 1);
        if (ReferenceEquals(_templates[slot], template))
        {
            RawJson.Literal(output, _json[slot]);
            return;
        }

        _encode.ResetWrittenCount();
        RawJson.String(_encode, SafeText.Limit(template.Text), writer);
        RawJson.Literal(output, _encode.WrittenSpan);
        if (_encode.WrittenCount <= MaxCachedBytes)
        {
            _json[slot] = _encode.WrittenSpan.ToArray();
            _templates[slot] = template;
        }
    }
}
