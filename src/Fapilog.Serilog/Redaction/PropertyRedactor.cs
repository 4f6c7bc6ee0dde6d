using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Walks one property value (structures, dictionaries with their keys, sequences, scalars) and returns a redacted
/// copy, or <see langword="null"/> when nothing in it needed redaction: a value is rebuilt only along the way to a
/// hit, so a clean event allocates nothing. Writer thread only.
/// </summary>
/// <remarks>
/// A value whose key name is a secret, or whose path matches, is replaced whole by the mask (a structure under
/// <c>credentials</c> included). Strings are scanned by the value patterns; other scalars are scanned as the text a
/// formatter writes for them (a <see cref="Uri"/> with credentials, a user type's <c>ToString</c>), and integers
/// for card numbers when that pattern is on. Deeper than the depth limit, a value is masked, never passed.
/// </remarks>
internal sealed partial class PropertyRedactor
{
    private readonly RedactionRules _rules;
    private readonly ScalarValue _masked;
    private const int NameCacheLimit = 4096;

    private readonly string[] _path;
    private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);

    public PropertyRedactor(RedactionRules rules)
    {
        _rules = rules;
        _masked = new ScalarValue(rules.Mask);
        _path = new string[rules.MaxDepth + 2];
    }

    /// <summary>Values masked or rewritten since the caller last reset it.</summary>
    public int Redacted { get; set; }

    /// <summary>The mask as a value (shared: values are immutable).</summary>
    public ScalarValue Masked => _masked;

    /// <summary>The redacted value of the event property <paramref name="name"/>, or <see langword="null"/> when unchanged.</summary>
    public LogEventPropertyValue? Redact(string name, LogEventPropertyValue value)
    {
        _path[0] = name;
        return IsSecret(name, 1) ? MaskWhole() : Walk(value, 1, 1);
    }

    private ScalarValue MaskWhole()
    {
        Redacted++;
        return _masked;
    }

    private bool IsSecret(string name, int length)
    {
        if (_rules.Names.IsSecret(name))
        {
            return true;
        }

        foreach (var path in _rules.Paths)
        {
            if (path.Matches(_path, length))
            {
                return true;
            }
        }

        return false;
    }

    // depth: how deep the value is nested (for the limit); length: how many segments its path has, _path[0, length)
    // (a sequence's elements are nested deeper but have their sequence's path: sequences add no segment).
    private LogEventPropertyValue? Walk(LogEventPropertyValue value, int depth, int length)
    {
        if (depth > _rules.MaxDepth)
        {
            return MaskWhole();
        }

        return value switch
        {
            ScalarValue scalar => Scalar(scalar.Value, depth),
            SequenceValue sequence => Sequence(sequence, depth, length),
            StructureValue structure => Structure(structure, depth, length),
            DictionaryValue dictionary => Dictionary(dictionary, depth, length),
            _ => Text(value.ToString()), // a value type of someone else's: checked as the text it renders
        };
    }

    private ScalarValue? Scalar(object? value, int depth)
    {
        switch (value)
        {
            case null or bool or char or byte or sbyte or short or ushort or int or uint or Guid
                or DateTime or DateTimeOffset or TimeSpan or DateOnly or TimeOnly or Enum:
                return null;
            case string text:
                return Text(text);
            // A double holds a 16-digit card number exactly (up to 2^53); written 4.111111111111111E+15, its digits all show.
            case float or double:
                return _rules.Values.ScansNumbers && Math.Abs(Convert.ToDouble(value, CultureInfo.InvariantCulture)) >= 1e12
                    && Luhn.IsValid(((IFormattable)value).ToString("F0", CultureInfo.InvariantCulture))
                    ? MaskWhole()
                    : null;
            case byte[] bytes:
                // Written as base64 (or hex) by the outputs: the bytes of a secret's text are a secret too.
                return _rules.Values.Redact(System.Text.Encoding.UTF8.GetString(bytes)) is null ? null : MaskWhole();
            case long or ulong or decimal or BigInteger:
                return _rules.Values.ScansNumbers && Luhn.IsValid(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture))
                    ? MaskWhole()
                    : null;
            case IFormattable formattable:
                return Text(formattable.ToString(null, CultureInfo.InvariantCulture)) ?? (depth == 1 ? Formatted(formattable) : null);
            default:
                return Text(value.ToString());
        }
    }

    private ScalarValue? Text(string? text)
    {
        if (text is null || _rules.Values.Redact(text) is not { } redacted)
        {
            return null;
        }

        Redacted++;
        return new ScalarValue(redacted);
    }

    private SequenceValue? Sequence(SequenceValue sequence, int depth, int length)
    {
        var elements = sequence.Elements;
        LogEventPropertyValue[]? copy = null;
        for (int i = 0; i < elements.Count; i++)
        {
            if (Walk(elements[i], depth + 1, length) is { } redacted)
            {
                copy ??= Copy(elements);
                copy[i] = redacted;
            }
        }

        return copy is null ? null : new SequenceValue(copy);
    }

    private StructureValue? Structure(StructureValue structure, int depth, int length)
    {
        var properties = structure.Properties;
        LogEventProperty[]? copy = null;
        for (int i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            _path[length] = property.Name;
            var redacted = IsSecret(property.Name, length + 1) ? MaskWhole() : Walk(property.Value, depth + 1, length + 1);
            var name = Name(property.Name, i);
            if (redacted is not null || name is not null)
            {
                copy ??= Copy(properties);
                copy[i] = new LogEventProperty(name ?? property.Name, redacted ?? property.Value);
            }
        }

        // The type tag is written too ($type): a secret in it (a tag taken from data) is masked like any text.
        var tag = structure.TypeTag is { } typeTag ? Text(typeTag) : null;
        if (copy is null && tag is null)
        {
            return null;
        }

        return new StructureValue(copy ?? Copy(properties), tag is null ? structure.TypeTag : (string?)tag.Value);
    }

    private DictionaryValue? Dictionary(DictionaryValue dictionary, int depth, int length)
    {
        List<KeyValuePair<ScalarValue, LogEventPropertyValue>>? copy = null;
        int index = 0;
        foreach (var (key, value) in dictionary.Elements)
        {
            string name = KeyText(key);
            _path[length] = name;
            var redactedValue = IsSecret(name, length + 1) ? MaskWhole() : Walk(value, depth + 1, length + 1);
            var redactedKey = Text(name);
            if ((redactedValue ?? redactedKey) is not null && copy is null)
            {
                copy = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
                int i = 0;
                foreach (var earlier in dictionary.Elements)
                {
                    if (i++ == index)
                    {
                        break;
                    }

                    copy.Add(earlier);
                }
            }

            // A masked key is made unique by its position: two keys that mask alike must not collapse into one.
            var newKey = redactedKey is null ? key : new ScalarValue($"{redactedKey.Value}#{index}");
            copy?.Add(new(newKey, redactedValue ?? value));
            index++;
        }

        return copy is null ? null : new DictionaryValue(copy);
    }

    private static string KeyText(ScalarValue key) => key.Value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? string.Empty,
    };

    private static T[] Copy<T>(IReadOnlyList<T> items)
    {
        var copy = new T[items.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = items[i];
        }

        return copy;
    }
}
