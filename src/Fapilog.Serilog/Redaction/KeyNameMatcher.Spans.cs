using System;

namespace Fapilog.Serilog;

/// <summary>A key name's verdict for a part of a text (the key before an <c>=</c>), with no allocation once seen.</summary>
internal sealed partial class KeyNameMatcher
{
    private const int SpanSlots = 256;

    // Direct-mapped by the part's hash: each slot the last key seen there and its verdict. A key that collides only
    // costs a string and a look-up in the cache by name; the verdict is always IsSecret's own.
    private readonly string?[] _spanKeys = new string?[SpanSlots];
    private readonly bool[] _spanVerdicts = new bool[SpanSlots];

    /// <summary>The same verdict as <see cref="IsSecret(string)"/> on the text of <paramref name="name"/>.</summary>
    public bool IsSecret(ReadOnlySpan<char> name)
    {
        int slot = string.GetHashCode(name, StringComparison.Ordinal) & (SpanSlots - 1);
        if (_spanKeys[slot] is { } known && name.SequenceEqual(known))
        {
            return _spanVerdicts[slot];
        }

        string text = name.ToString();
        bool secret = IsSecret(text);
        _spanVerdicts[slot] = secret;
        _spanKeys[slot] = text;
        return secret;
    }
}
