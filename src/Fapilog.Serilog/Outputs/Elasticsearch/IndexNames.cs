using System;
using System.Globalization;

namespace Fapilog.Serilog.Outputs.Elasticsearch;

/// <summary>
/// The rules Elasticsearch (and OpenSearch) apply to an index or data stream name, and the date patterns an index name
/// may hold (<c>logs-{0:yyyy.MM.dd}</c>), checked when the output is configured so that no item is refused for its name.
/// </summary>
internal static class IndexNames
{
    private const int MaxBytes = 255;
    private const string Forbidden = "\\/*?\"<>|,#: ";

    // The coarsest a pattern may be is the hour: the output formats a name once per UTC hour and reuses it.
    private const string DateLetters = "yMdH";

    /// <summary>What is wrong with <paramref name="name"/> as an index or data stream name, or null.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "empty";
        }

        foreach (char c in name)
        {
            if (char.IsUpper(c))
            {
                return "upper case letters are not allowed";
            }

            if (Forbidden.Contains(c, StringComparison.Ordinal) || char.IsControl(c))
            {
                return "it holds '" + (c == ' ' ? "space" : c.ToString()) + "', which names may not hold";
            }
        }

        if (name[0] is '-' or '_' or '+')
        {
            return "a name may not start with -, _ or +";
        }

        if (name is "." or "..")
        {
            return "a name may not be . or ..";
        }

        return System.Text.Encoding.UTF8.GetByteCount(name) > MaxBytes ? "longer than 255 bytes" : null;
    }

    /// <summary>Whether <paramref name="pattern"/> holds a format item (a date pattern) rather than being a name itself.</summary>
    public static bool IsPattern(string pattern) => pattern.Contains('{', StringComparison.Ordinal);

    /// <summary>
    /// What is wrong with an index name pattern, or null: it formats as a composite format with one argument (the event's
    /// UTC time), uses only year, month, day and hour letters, and gives a valid name.
    /// </summary>
    public static string? PatternProblem(string pattern)
    {
        if (!IsPattern(pattern))
        {
            return Problem(pattern);
        }

        if (FormatLettersProblem(pattern) is { } letters)
        {
            return letters;
        }

        string sample;
        try
        {
            sample = Format(pattern, new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc));
        }
        catch (FormatException)
        {
            return "not a format such as logs-{0:yyyy.MM.dd}";
        }

        return Problem(sample) is { } problem ? "it gives " + sample + ": " + problem : null;
    }

    /// <summary>The name for events at <paramref name="utc"/>.</summary>
    public static string Format(string pattern, DateTime utc) => string.Format(CultureInfo.InvariantCulture, pattern, utc);

    // Reads each {0:...} item's custom format: quoted text and escaped characters are literal; a letter must be one of
    // DateLetters (minutes, seconds, a time zone or a standard format would break the hourly reuse or the name).
    private static string? FormatLettersProblem(string pattern)
    {
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '{')
            {
                continue;
            }

            if (i + 1 < pattern.Length && pattern[i + 1] == '{')
            {
                i++; // an escaped brace
                continue;
            }

            int colon = pattern.IndexOf(':', i);
            int close = pattern.IndexOf('}', i);
            if (close < 0 || colon < 0 || colon > close)
            {
                return "each format item needs a date format: {0:yyyy.MM.dd}";
            }

            var format = pattern.AsSpan(colon + 1, close - colon - 1);
            if (format.Length == 1)
            {
                return "a standard format ({0:" + format.ToString() + "}) is not allowed; use letters such as yyyy.MM.dd";
            }

            for (int k = 0; k < format.Length; k++)
            {
                char c = format[k];
                if (c is '\'' or '"')
                {
                    int end = format[(k + 1)..].IndexOf(c);
                    k = end < 0 ? format.Length : k + 1 + end;
                }
                else if (c == '\\')
                {
                    k++;
                }
                else if (char.IsAsciiLetter(c) && !DateLetters.Contains(c, StringComparison.Ordinal))
                {
                    return "'" + c + "' is not allowed in the date format; only y, M, d and H (formatted in UTC)";
                }
            }

            i = close;
        }

        return null;
    }
}
