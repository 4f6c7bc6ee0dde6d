using System;
using System.Text.RegularExpressions;

namespace Fapilog.Serilog;

/// <summary>
/// One value pattern: a cheap test that rules most strings out without running the expression, the expression, and
/// an optional check of each match (the Luhn sum of a card number, the key of an assignment). A match masks its
/// <c>v</c> group when it has one (the password of a connection string, the user information of a URL), else all of it.
/// </summary>
internal sealed class ValueDetector
{
    public ValueDetector(string name, Func<string, bool> mayMatch, Regex regex, Func<Match, bool>? accept = null, ulong[]? needs = null, int minDigits = 0)
    {
        Name = name;
        MayMatch = mayMatch;
        Regex = regex;
        Accept = accept;
        Needs = needs ?? Array.Empty<ulong>();
        MinDigits = minDigits;
    }

    /// <summary>
    /// The characters a match needs (<see cref="TextShape"/> masks; any one of them satisfied), checked against the
    /// text's shape, computed once per text for all detectors: the cheapest way to rule a text out.
    /// </summary>
    public ulong[] Needs { get; }

    /// <summary>The fewest ASCII digits a match has.</summary>
    public int MinDigits { get; }

    /// <summary>Whether a text of <paramref name="shape"/> with <paramref name="digits"/> digits can hold a match.</summary>
    public bool Fits(ulong shape, int digits)
    {
        if (digits < MinDigits)
        {
            return false;
        }

        if (Needs.Length == 0)
        {
            return true;
        }

        foreach (ulong needs in Needs)
        {
            if ((shape & needs) == needs)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name docs/redaction.md uses for it.</summary>
    public string Name { get; }

    /// <summary>
    /// False when the text certainly has no match that <see cref="Accept"/> takes: the common case, so it must be
    /// cheap, and it must answer the same for the same text (the clean path relies on it).
    /// </summary>
    public Func<string, bool> MayMatch { get; }

    public Regex Regex { get; }

    public Func<Match, bool>? Accept { get; }
}
