using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Fapilog.Serilog;

/// <summary>
/// Runs the value patterns over a text and masks what they find. Scans first and builds a new text only on a hit,
/// so that a clean text (nearly every one) costs a few vectorised searches and no allocation.
/// </summary>
internal sealed class ValueScanner
{
    private readonly ValueDetector[] _detectors;
    private readonly string _mask;

    // Every detector's alternatives flattened, (characters needed, fewest digits) each: a text that fits none of them
    // can match no detector, which one loop over these says without touching the detectors.
    private readonly ulong[] _fitNeeds;
    private readonly int[] _fitDigits;

    public ValueScanner(IEnumerable<ValueDetector> detectors, string mask)
    {
        _detectors = new List<ValueDetector>(detectors).ToArray();
        _mask = mask;
        ScansNumbers = Array.Exists(_detectors, d => ReferenceEquals(d, ValueDetectors.CardNumber));
        var needs = new List<ulong>();
        var digits = new List<int>();
        foreach (var detector in _detectors)
        {
            foreach (ulong need in detector.Needs.Length == 0 ? new ulong[] { 0 } : detector.Needs)
            {
                needs.Add(need);
                digits.Add(detector.MinDigits);
            }
        }

        _fitNeeds = needs.ToArray();
        _fitDigits = digits.ToArray();
    }

    /// <summary>Whether there is any value pattern.</summary>
    public bool Any => _detectors.Length > 0;

    /// <summary>Whether integers are checked too (a card number logged as a <c>long</c>).</summary>
    public bool ScansNumbers { get; }

    /// <summary>
    /// False when <see cref="Redact"/> certainly returns <see langword="null"/> for <paramref name="text"/>: no
    /// detector fits its shape, or none that fits has a quick test that holds. One pass over the text, then the
    /// quick tests of the detectors that fit; no allocation (but a key the assignments' test has not seen); never
    /// throws (a quick test that throws: it may change).
    /// </summary>
    /// <remarks>
    /// Sound because <see cref="Redact"/> changes nothing before the first detector whose quick test holds: until
    /// then every detector sees the text itself, of this shape.
    /// </remarks>
    public bool MayChange(string text)
    {
        ulong shape = TextShape.Of(text, out int digits);
        if (!AnyFits(shape, digits))
        {
            return false;
        }

        try
        {
            foreach (var detector in _detectors)
            {
                if (detector.Fits(shape, digits) && detector.MayMatch(text))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }

    /// <summary>The text with every match masked, or <see langword="null"/> when nothing matched.</summary>
    public string? Redact(string text)
    {
        string? changed = null;
        ulong shape = TextShape.Of(text, out int digits);
        if (!AnyFits(shape, digits))
        {
            return null;
        }

        foreach (var detector in _detectors)
        {
            string current = changed ?? text;
            // The shape is the original text's: a masked text only lost characters to the mask, whose own are
            // checked by MayMatch on the current text.
            if (detector.Fits(shape, digits) && detector.MayMatch(current) && Mask(detector, current) is { } masked)
            {
                changed = masked;
            }
        }

        return changed;
    }

    // The same answer as any detector's Fits, in one flat loop.
    private bool AnyFits(ulong shape, int digits)
    {
        var needs = _fitNeeds;
        var fewest = _fitDigits;
        for (int i = 0; i < needs.Length; i++)
        {
            if ((shape & needs[i]) == needs[i] && digits >= fewest[i])
            {
                return true;
            }
        }

        return false;
    }

    private string? Mask(ValueDetector detector, string text)
    {
        StringBuilder? result = null;
        int copied = 0;
        var match = detector.Regex.Match(text);
        while (match.Success)
        {
            if (detector.Accept is { } accept && !accept(match))
            {
                // Rejected (a card number failing Luhn, "https: //…" whose key is no secret): look again from the
                // next character, so that a secret inside the rejected match (?token=… in that URL) is still found.
                match = match.Index + 1 < text.Length ? detector.Regex.Match(text, match.Index + 1) : Match.Empty;
                continue;
            }

            Group value = match.Groups["v"];
            Capture masked = value.Success ? value : match;
            if (masked.Index >= copied)
            {
                result ??= new StringBuilder(text.Length);
                result.Append(text, copied, masked.Index - copied).Append(_mask);
                copied = masked.Index + masked.Length;
            }

            match = match.NextMatch();
        }

        return result?.Append(text, copied, text.Length - copied).ToString();
    }
}
