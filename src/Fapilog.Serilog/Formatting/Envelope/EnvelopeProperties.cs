using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Decides, per event, which properties move out of <c>data</c> into <c>logger</c>, <c>context</c>,
/// <c>diagnostics</c> and <c>tags</c>, by <see cref="EnvelopeSchema"/>. A property moves only when its value fits
/// its field's type, so the line always validates: ids and names must be scalars (written as strings), <c>pid</c> an
/// integer, <c>Tags</c> a sequence of strings. Anything else stays in <c>data</c>, untouched.
/// </summary>
/// <remarks>Reused per event by one thread (it lives in a <see cref="FormatterScratch"/>).</remarks>
internal sealed class EnvelopeProperties
{
    // By field index: the moved value and the name it moved under (which tells a moved property from its twin).
    private readonly LogEventPropertyValue?[] _values = new LogEventPropertyValue?[EnvelopeSchema.Table.Count];
    private readonly string?[] _names = new string?[EnvelopeSchema.Table.Count];

    // The event's properties in enumeration order, with their names' entries: enumerated once per event. One
    // array of structs rather than three arrays: storing into a struct's fields needs no array-covariance check,
    // which an array of the (unsealed) value type costs on every store.
    private Property[] _properties = new Property[16];
    private ulong _present;

    /// <summary>How many properties the event has.</summary>
    public int Count { get; private set; }

    /// <summary>The fields a property moved to (<see cref="EnvelopeField.Bit"/>).</summary>
    public ulong Present => _present;

    public string NameAt(int index) => _properties[index].Name;

    public LogEventPropertyValue ValueAt(int index) => _properties[index].Value;

    /// <summary>The cached entry of the name at <paramref name="index"/>, or null when the name table could not hold it.</summary>
    public NameEntry? EntryAt(int index) => _properties[index].Entry;

    public void Collect(LogEvent logEvent, FapilogLevel level, PropertyNameTable? names = null)
    {
        if (_present != 0)
        {
            Array.Clear(_values);
            Array.Clear(_names);
            _present = 0;
        }

        Array.Clear(_properties, 0, Count); // no stale references kept alive between events
        Count = 0;
        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                Add(property.Key, property.Value, level, names);
            }
        }
        else
        {
            foreach (var property in logEvent.Properties)
            {
                Add(property.Key, property.Value, level, names);
            }
        }
    }

    /// <summary>
    /// The value of the property whose key is this very string object: Serilog keys an event's properties with
    /// the template's own property-name strings, so message tokens find their values without hashing. Null when
    /// no key is the same object (the caller then looks the name up by value).
    /// </summary>
    public LogEventPropertyValue? FindSameName(string name)
    {
        var properties = _properties;
        for (int i = 0; i < Count; i++)
        {
            if (ReferenceEquals(properties[i].Name, name))
            {
                return properties[i].Value;
            }
        }

        return null;
    }

    /// <summary>True when the property at <paramref name="index"/> was moved and must not appear in <c>data</c>.</summary>
    public bool IsConsumedAt(int index)
    {
        ref readonly var property = ref _properties[index];
        var field = property.Entry is { } entry ? entry.Field : EnvelopeSchema.Find(property.Name);
        return field is not null && ReferenceEquals(_names[field.Index], property.Name);
    }

    private void Add(string name, LogEventPropertyValue value, FapilogLevel level, PropertyNameTable? names)
    {
        int index = Count;
        if (index == _properties.Length)
        {
            Array.Resize(ref _properties, index * 2);
        }

        var entry = names?.Find(name);
        var field = entry is null ? EnvelopeSchema.Find(name) : entry.Field;
        ref var property = ref _properties[index];
        property.Name = name;
        property.Value = value;
        property.Entry = entry;
        Count = index + 1;

        if (field is not null && Fits(field, value, level))
        {
            // Two names of one field (CorrelationId, correlation_id): the preferred one moves whichever comes
            // first; the other stays in data.
            ulong bit = field.Bit;
            if ((_present & bit) == 0 || field.IsPreferred(name))
            {
                _values[field.Index] = value;
                _names[field.Index] = name;
                _present |= bit;
            }
        }
    }

    /// <summary>The moved value of a scalar field, or null when nothing moved there.</summary>
    public ScalarValue? Scalar(EnvelopeField field) => _values[field.Index] as ScalarValue;

    public SequenceValue? Tags => _values[EnvelopeSchema.Tags.Index] as SequenceValue;

    private static bool Fits(EnvelopeField field, LogEventPropertyValue value, FapilogLevel level) => field.Value switch
    {
        // The marker is only consumed when it actually decided the level; otherwise it is ordinary data.
        EnvelopeValue.LevelMarker => level is FapilogLevel.Audit or FapilogLevel.Security,
        EnvelopeValue.Integer => value is ScalarValue { Value: sbyte or byte or short or ushort or int or uint or long or ulong },
        EnvelopeValue.StringArray => IsStringSequence(value),
        _ => value is ScalarValue { Value: not null },
    };

    private static bool IsStringSequence(LogEventPropertyValue value)
    {
        if (value is not SequenceValue sequence)
        {
            return false;
        }

        var elements = sequence.Elements;
        for (int i = 0; i < elements.Count; i++)
        {
            if (elements[i] is not ScalarValue { Value: string })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a property is one of the runtime facts mapped to <c>log.diagnostics</c> (service, host, pid,
    /// thread, Kubernetes…): constant per process or thread, so output for people leaves them out.
    /// </summary>
    internal static bool IsDiagnostics(string name) => EnvelopeSchema.Find(name)?.Section == EnvelopeSection.Diagnostics;

    private struct Property
    {
        public string Name;
        public LogEventPropertyValue Value;
        public NameEntry? Entry;
    }
}
