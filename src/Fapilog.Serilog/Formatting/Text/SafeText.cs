using System;
using System.Globalization;

namespace Fapilog.Serilog.Formatting;

/// <summary>Renders arbitrary objects to text without ever letting their <c>ToString</c> abort an event.</summary>
internal static class SafeText
{
    /// <summary>The longest string written as one JSON value; beyond it the writer would refuse the token.</summary>
    public const int MaxStringLength = 100_000_000;

    public static string Of(object value, string? format = null)
    {
        try
        {
            string? text = value switch
            {
                Enum e => Invariant(e, format),
                IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            return text ?? string.Empty;
        }
#pragma warning disable CA1031 // User code inside ToString may throw anything; the event must still be written.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Marker(ex);
        }
    }

    /// <summary>
    /// An enum's text in the invariant culture. Names need no culture, but .NET writes a value without a name
    /// in the current culture's number format whatever provider it is given, so a negative one gets that
    /// culture's minus sign (<c>−1</c> in Swedish); the invariant <c>-</c> is put back.
    /// </summary>
    public static string Invariant(Enum value, string? format = null)
    {
        string text = value.ToString(format);
        string minus = NumberFormatInfo.CurrentInfo.NegativeSign;
        return minus != "-" && text.Length > minus.Length && text.StartsWith(minus, StringComparison.Ordinal)
            && text.AsSpan(minus.Length).IndexOfAnyExceptInRange('0', '9') < 0
            ? string.Concat("-", text.AsSpan(minus.Length))
            : text;
    }

    public static string Marker(Exception ex) => "<rendering failed: " + ex.GetType().Name + ">";

    public static string Limit(string text)
        => text.Length <= MaxStringLength ? text : string.Concat(text.AsSpan(0, MaxStringLength), "…<truncated>");

    /// <summary>
    /// Replaces lone UTF-16 surrogates with U+FFFD. Needed where text is transcoded before it is escaped
    /// (<c>JsonEncodedText</c>, property names), which would otherwise throw.
    /// </summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        int bad = FirstLoneSurrogate(text);
        if (bad < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (int i = bad; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\ufffd';
            }
        }

        return new string(chars);
    }

    private static int FirstLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
