using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The clean path into structures, sequences and dictionaries: the same verdicts as the full walk
/// (<see cref="PropertyRedactor"/>) at each depth, and false for anything it is not certain of.
/// </summary>
/// <remarks>
/// A field name or dictionary key is clean when no key-name rule takes it, the value patterns leave it alone (the
/// full walk masks a secret in a name too), and no path rule matches its path: the first two are its text's and are
/// cached by it; the paths are checked on each path, as the full walk builds it (the property's name, then one
/// segment per field or key; a sequence adds none). A structure's type tag is a text the full walk scans with the
/// value patterns, so it is looked at as a string value is. A dictionary's keys must be strings (the full walk renders others to text).
/// Deeper than the depth limit is never clean.
/// </remarks>
internal sealed partial class RedactionStage
{
    private const int TextSlots = 256;

    private readonly HashSet<string> _cleanFields = new(StringComparer.Ordinal); // only clean verdicts are kept

    // Strings found clean lately, by reference (direct-mapped by identity): the same instance comes again and again
    // (a logger's SourceContext, an EventId's name, a route template); a string is immutable, so its verdict holds.
    private readonly string?[] _cleanTexts = new string?[TextSlots];
    private string[]? _nestedPath;

    /// <summary>How many field-name verdicts are cached (for tests of the bound).</summary>
    internal int FieldCacheSize => _cleanFields.Count;

    /// <summary>Whether the full walk leaves the top-level property <paramref name="name"/>'s non-scalar value unchanged (its name is checked apart).</summary>
    private bool IsCleanNested(string name, LogEventPropertyValue value)
    {
        var path = _nestedPath ??= new string[_rules.MaxDepth + 2];
        path[0] = name;
        try
        {
            return IsCleanValue(value, 1, 1, path);
        }
        catch (Exception)
        {
            return false;
        }
    }

    // As PropertyRedactor.Walk at the same depth and path length: path[0, length) is the value's path.
    private bool IsCleanValue(LogEventPropertyValue value, int depth, int length, string[] path)
    {
        if (depth > _rules.MaxDepth)
        {
            return false; // masked by the full walk
        }

        switch (value)
        {
            case ScalarValue scalar:
                return IsClean(scalar.Value); // the same verdicts at any depth for the types it says clean
            case StructureValue structure:
                if (structure.TypeTag is { } tag && !IsCleanText(tag))
                {
                    return false;
                }

                var properties = structure.Properties;
                for (int i = 0; i < properties.Count; i++)
                {
                    var property = properties[i];
                    if (!IsCleanField(property.Name, length, path) || !IsCleanValue(property.Value, depth + 1, length + 1, path))
                    {
                        return false;
                    }
                }

                return true;
            case SequenceValue sequence:
                var elements = sequence.Elements;
                for (int i = 0; i < elements.Count; i++)
                {
                    if (!IsCleanValue(elements[i], depth + 1, length, path)) // nested deeper, with the sequence's path
                    {
                        return false;
                    }
                }

                return true;
            case DictionaryValue dictionary:
                foreach (var (key, element) in dictionary.Elements)
                {
                    if (key.Value is not string text || !IsCleanField(text, length, path) || !IsCleanValue(element, depth + 1, length + 1, path))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    // What the value patterns make of a string value: clean when they certainly leave it unchanged.
    private bool IsCleanText(string text)
    {
        int slot = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(text) & (TextSlots - 1);
        if (ReferenceEquals(_cleanTexts[slot], text))
        {
            return true;
        }

        if (_rules.Values.MayChange(text))
        {
            return false;
        }

        _cleanTexts[slot] = text;
        return true;
    }

    // A field or key at path[length]: what PropertyRedactor.IsSecret(name, length + 1) and its name check ask.
    private bool IsCleanField(string name, int length, string[] path)
    {
        path[length] = name;
        if (!CleanFieldName(name))
        {
            return false;
        }

        foreach (var rule in _rules.Paths)
        {
            if (rule.Matches(path, length + 1))
            {
                return false;
            }
        }

        return true;
    }

    private bool CleanFieldName(string name)
    {
        if (_cleanFields.Contains(name))
        {
            return true;
        }

        try
        {
            if (_rules.Names.IsSecret(name) || _rules.Values.Redact(name) is not null)
            {
                return false; // only "clean" is remembered
            }
        }
        catch (Exception)
        {
            return false; // no verdict: not remembered
        }

        if (_cleanFields.Count >= NameLimit)
        {
            _cleanFields.Clear();
        }

        _cleanFields.Add(name);
        return true;
    }
}
