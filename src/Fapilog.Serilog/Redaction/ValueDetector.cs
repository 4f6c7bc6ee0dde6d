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
    public ValueDetector(string name, Func<string, bool> mayMatch, Regex regex, Func<Match, bool>? accept = null)
    {
        Name = name;
        MayMatch = mayMatch;
        Regex = regex;
        Accept = accept;
    }

    /// <summary>The name docs/redaction.md uses for it.</summary>
    public string Name { get; }

    /// <summary>False when the text certainly has no match: the common case, so it must be cheap.</summary>
    public Func<string, bool> MayMatch { get; }

    public Regex Regex { get; }

    public Func<Match, bool>? Accept { get; }
}
