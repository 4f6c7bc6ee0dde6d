using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Fapilog.Serilog.Formatting;
using Serilog.Debugging;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Loki;

/// <summary>
/// Writes an event's stream labels as one JSON object, <c>{"app":"shop","level":"INFO","region":"eu"}</c>: the fixed
/// labels, the level label and the property labels, in name order, so that two events of the same stream always have
/// byte-identical label sets (the transport groups records by those bytes). A property label whose property is missing,
/// null, empty or not a scalar is left out.
/// </summary>
/// <remarks>
/// The writer thread's own. Every name and fixed value is encoded once, here; property values go through their
/// <see cref="LokiLabelValues"/> guard, so the steady state allocates nothing.
/// </remarks>
internal sealed class LokiLabelSet
{
    private static readonly FapilogLevel[] Levels = Enum.GetValues<FapilogLevel>();

    private readonly Slot[] _slots;
    private readonly int _maxValueLength;
    private readonly string _output;
    private readonly int _limit;
    // A label value is cut to MaxLabelValueLength anyway: formatting past this bound is not worth the memory.
    private const int MaxScratchChars = 1 << 16;

    private char[] _chars = new char[128];

    public LokiLabelSet(string output, FapilogLokiOptions options)
    {
        _output = output;
        _limit = options.MaxLabelValuesPerLabel;
        _maxValueLength = options.MaxLabelValueLength;
        var slots = new List<(string Name, Slot Slot)>();
        foreach (var label in options.Labels)
        {
            slots.Add((label.Key, new Slot(SlotKind.Fixed, [.. LokiLabelValues.Key(label.Key), .. LokiLabelValues.Quoted(label.Value)])));
        }

        if (!string.IsNullOrEmpty(options.LevelLabel))
        {
            slots.Add((options.LevelLabel, new Slot(SlotKind.Level, LokiLabelValues.Key(options.LevelLabel))
            {
                LevelValues = Levels.Select(l => LokiLabelValues.Quoted(LevelClassifier.EnvelopeName(l))).ToArray(),
            }));
        }

        foreach (string property in options.PropertiesAsLabels)
        {
            slots.Add((property, new Slot(SlotKind.Property, LokiLabelValues.Key(property)) { Values = new LokiLabelValues(property, _limit) }));
        }

        _slots = slots.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Slot).ToArray();
    }

    /// <summary>The guard of each property label, by name (what tests and reports read).</summary>
    public IEnumerable<LokiLabelValues> PropertyLabels => _slots.Where(s => s.Values is not null).Select(s => s.Values!);

    public void Write(in FapilogEvent e, IBufferWriter<byte> output)
    {
        Append(output, "{"u8);
        bool first = true;
        foreach (var slot in _slots)
        {
            ReadOnlySpan<byte> value;
            switch (slot.Kind)
            {
                case SlotKind.Fixed:
                    Append(output, first ? ReadOnlySpan<byte>.Empty : ","u8);
                    Append(output, slot.Bytes);
                    first = false;
                    continue;
                case SlotKind.Level:
                    value = slot.LevelValues![Math.Max(0, Array.IndexOf(Levels, e.Level))];
                    break;
                default:
                    if (!e.LogEvent.Properties.TryGetValue(slot.Values!.Name, out var property) || !TryRender(property, out var text))
                    {
                        continue;
                    }

                    value = slot.Values.Of(Cut(text), out bool overflowed);
                    if (overflowed)
                    {
                        SelfLog.WriteLine(
                            "Fapilog output '{0}': label '{1}' reached MaxLabelValuesPerLabel ({2} distinct values); its new values are sent as " + FapilogLokiOptions.OverflowValue + " from now on",
                            _output, slot.Values.Name, _limit);
                    }

                    break;
            }

            Append(output, first ? ReadOnlySpan<byte>.Empty : ","u8);
            Append(output, slot.Bytes);
            Append(output, value);
            first = false;
        }

        Append(output, "}"u8);
    }

    internal static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private ReadOnlySpan<char> Cut(ReadOnlySpan<char> text)
    {
        if (text.Length <= _maxValueLength)
        {
            return text;
        }

        // Never half a surrogate pair: a lone half would reach Loki as U+FFFD.
        int length = char.IsHighSurrogate(text[_maxValueLength - 1]) ? _maxValueLength - 1 : _maxValueLength;
        return text[..length];
    }

    /// <summary>A scalar's text as a label value (invariant culture); false for null, empty and non-scalar values.</summary>
    private bool TryRender(LogEventPropertyValue property, out ReadOnlySpan<char> text)
    {
        text = default;
        if (property is not ScalarValue { Value: { } value })
        {
            return false;
        }

        switch (value)
        {
            case string s:
                text = s;
                break;
            case bool b:
                text = b ? "true" : "false";
                break;
            case ISpanFormattable formattable when TryFormat(formattable, out int written):
                text = _chars.AsSpan(0, written);
                break;
            default:
                // The user's ToString may throw: SafeText writes its marker instead, as every line of this package does.
                text = SafeText.Of(value);
                break;
        }

        return !text.IsEmpty;
    }

    /// <summary>
    /// Formats into the reused scratch, growing it up to a bound: a value that still does not fit (or a type whose
    /// TryFormat never succeeds, or throws) falls back to <see cref="SafeText.Of"/>.
    /// </summary>
    private bool TryFormat(ISpanFormattable formattable, out int written)
    {
        written = 0;
        try
        {
            while (!formattable.TryFormat(_chars, out written, default, CultureInfo.InvariantCulture))
            {
                if (_chars.Length >= MaxScratchChars)
                {
                    return false;
                }

                _chars = new char[_chars.Length * 2];
            }

            return true;
        }
#pragma warning disable CA1031 // User code inside TryFormat may throw anything; the event must still be written.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private enum SlotKind
    {
        Fixed,
        Level,
        Property,
    }

    /// <summary>One label: its kind, its bytes (the whole member for a fixed label, else the key), and its values.</summary>
    private sealed record Slot(SlotKind Kind, byte[] Bytes)
    {
        public byte[][]? LevelValues { get; init; }

        public LokiLabelValues? Values { get; init; }
    }
}
