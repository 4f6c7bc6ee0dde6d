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
            string? text = value is IFormattable formattable
                ? formattable.ToString(format, CultureInfo.InvariantCulture)
                : value.ToString();
            return text ?? string.Empty;
        }
#pragma warning disable CA1031 // User code inside ToString may throw anything; the event must still be written.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Marker(ex);
        }
    }

    public static string Marker(Exception ex) => "<rendering failed: " + ex.GetType().Name + ">";

    public static string Limit(string text)
        => text.Length <= MaxStringLength ? text : string.Concat(text.AsSpan(0, MaxStringLength), "…<truncated>");
}
