using System;
using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog;

/// <summary>Names with a secret in them, and a top-level value as its template's holes format it.</summary>
internal sealed partial class PropertyRedactor
{
    /// <summary>The template of the event being redacted: its holes' formats are how a top-level value is rendered.</summary>
    public MessageTemplate? Template { get; set; }

    // A user type may write a secret only with a format ({Card:full}): the text each hole renders is checked too.
    private ScalarValue? Formatted(IFormattable value)
    {
        if (Template is null)
        {
            return null;
        }

        foreach (var token in Template.Tokens)
        {
            if (token is PropertyToken { Format: { } format } hole && hole.PropertyName == _path[0]
                && _rules.Values.Redact(value.ToString(format, CultureInfo.InvariantCulture)) is not null)
            {
                return MaskWhole();
            }
        }

        return null;
    }

    /// <summary>
    /// A field or property name with a secret in it (a destructuring policy that turns a JSON object's keys into
    /// field names), masked and made unique by its position; <see langword="null"/> when clean. Cached per name.
    /// </summary>
    public string? Name(string name, int index)
    {
        if (!_names.TryGetValue(name, out string? masked))
        {
            masked = _rules.Values.Redact(name);
            if (_names.Count >= NameCacheLimit)
            {
                _names.Clear();
            }

            _names[name] = masked;
        }

        if (masked is null)
        {
            return null;
        }

        Redacted++;
        return $"{masked}#{index}";
    }
}
