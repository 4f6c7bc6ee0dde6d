using System;
using System.Runtime.CompilerServices;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// What a message template's rendering needs that does not change from one event to the next, worked out once:
/// its text tokens as UTF-8 that a JSON string carries as it is, and its property tokens. Only templates whose
/// text tokens are all plain printable ASCII (no quote, no backslash) and whose property tokens have no alignment
/// are <see cref="Usable"/>. <see cref="DirectMessage"/> writes their messages
/// straight into the line (a format is the value's business: it takes the ones it can).
/// </summary>
/// <remarks>
/// One per slot of a <see cref="MessagePlanCache"/>, rebuilt in place for the next template that takes the slot: its
/// arrays only grow, so templates that keep colliding (or events that each bring a fresh template object) cost a
/// rebuild, not an allocation.
/// </remarks>
internal sealed class MessagePlan
{
    private byte[] _text = new byte[64];
    private Segment[] _segments = new Segment[8];

    /// <summary>Whether the last template built has a plan; if not, its messages take the general renderer.</summary>
    public bool Usable { get; private set; }

    /// <summary>The tokens in template order.</summary>
    public ReadOnlySpan<Segment> Segments => _segments.AsSpan(0, Count);

    /// <summary>The bytes of all text tokens together.</summary>
    public int TextBytes { get; private set; }

    private int Count { get; set; }

    /// <summary>A text segment's bytes.</summary>
    public ReadOnlySpan<byte> TextOf(in Segment segment) => _text.AsSpan(segment.Start, segment.Length);

    /// <summary>
    /// <see cref="Utf8Block.Size"/> bytes from a text segment's start: its bytes, then whatever follows them, for a copy
    /// of constant size when the segment is no longer (the caller overwrites or never commits what follows).
    /// </summary>
    public ReadOnlySpan<byte> TextBlockOf(in Segment segment) => _text.AsSpan(segment.Start, Utf8Block.Size);

    /// <summary>Makes this the plan of <paramref name="template"/>; false (and not <see cref="Usable"/>) when it can have none.</summary>
    public bool Rebuild(MessageTemplate template, int maxTextBytes)
    {
        Usable = false;
        Count = TextBytes = 0;
        if (template.Tokens is not MessageTemplateToken[] tokens)
        {
            return false;
        }

        if (_segments.Length < tokens.Length)
        {
            _segments = new Segment[Math.Max(tokens.Length, _segments.Length * 2)];
        }

        int at = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            switch (tokens[i])
            {
                case TextToken text:
                    int length = text.Text.Length; // plain ASCII: one byte per character
                    if (length > maxTextBytes - at)
                    {
                        return false;
                    }

                    // Room for a block's worth past the last text too: TextBlockOf reads Utf8Block.Size bytes from any start.
                    if (_text.Length - at < length + Utf8Block.Size)
                    {
                        Array.Resize(ref _text, Math.Max(at + length + Utf8Block.Size, _text.Length * 2));
                    }

                    if (!SpanJsonWriter.TryCopyPlainAscii(text.Text, _text.AsSpan(at, length)))
                    {
                        return false;
                    }

                    _segments[i] = new Segment(at, length, null);
                    at += length;
                    break;
                case PropertyToken { Alignment: null } property:
                    _segments[i] = new Segment(0, 0, property);
                    break;
                default:
                    return false;
            }
        }

        Count = tokens.Length;
        TextBytes = at;
        Usable = true;
        return true;
    }

    /// <summary>A text token's place in the plan's bytes, or (when <see cref="Property"/> is set) a property token.</summary>
    internal readonly record struct Segment(int Start, int Length, PropertyToken? Property);
}

/// <summary>
/// The <see cref="MessagePlan"/> of each template object, in a small direct-mapped table keyed by reference (as
/// <see cref="TemplateJsonCache"/>): Serilog reuses one <see cref="MessageTemplate"/> per template text. A collision
/// replaces the entry; a template without a plan is remembered as such, so it is not examined again per event.
/// Owned by one <see cref="FormatterScratch"/>, so one thread at a time.
/// </summary>
internal sealed class MessagePlanCache
{
    /// <summary>Text tokens beyond this many bytes in all: the template takes the general renderer.</summary>
    public const int MaxTextBytes = 4096;

    private const int Size = 1024; // a power of two

    private readonly MessageTemplate?[] _templates = new MessageTemplate?[Size];
    private readonly MessagePlan?[] _plans = new MessagePlan?[Size];

    /// <summary>The plan of <paramref name="template"/>, whose <see cref="RuntimeHelpers.GetHashCode(object)"/> is <paramref name="identityHash"/>; null when it has none.</summary>
    public MessagePlan? Find(MessageTemplate template, int identityHash)
    {
        int slot = identityHash & (Size - 1);
        if (ReferenceEquals(_templates[slot], template))
        {
            var known = _plans[slot]!;
            return known.Usable ? known : null;
        }

        var plan = _plans[slot] ??= new MessagePlan();
        _templates[slot] = template;
        return plan.Rebuild(template, MaxTextBytes) ? plan : null;
    }
}
