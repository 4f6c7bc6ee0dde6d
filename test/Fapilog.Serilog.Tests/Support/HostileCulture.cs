using System;
using System.Globalization;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A culture whose every separator, sign and symbol differs from the invariant culture's, so output that
/// picks up the current culture anywhere shows it. Built from the invariant culture (no ICU data needed).
/// </summary>
internal static class HostileCulture
{
    public static CultureInfo Instance { get; } = Build();

    /// <summary>Makes it the current culture until the scope is disposed.</summary>
    public static IDisposable Use()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = Instance;
        return new Restore(previous);
    }

    private static CultureInfo Build()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        var numbers = culture.NumberFormat;
        numbers.NumberDecimalSeparator = ",";
        numbers.NumberGroupSeparator = "'";
        numbers.CurrencyDecimalSeparator = ";";
        numbers.PercentDecimalSeparator = "_";
        numbers.NegativeSign = "~";
        numbers.PositiveSign = "#";
        numbers.NaNSymbol = "nan";
        numbers.PositiveInfinitySymbol = "inf";
        numbers.NegativeInfinitySymbol = "-inf";
        numbers.CurrencySymbol = "XX";
        var dates = culture.DateTimeFormat;
        dates.DateSeparator = ".";
        dates.TimeSeparator = "h";
        dates.ShortDatePattern = "dd.MM.yyyy";
        dates.LongTimePattern = "HH.mm.ss";
        dates.ShortTimePattern = "HH.mm";
        dates.AMDesignator = "vorm";
        dates.PMDesignator = "nachm";
        return CultureInfo.ReadOnly(culture);
    }

    private sealed class Restore(CultureInfo previous) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentCulture = previous;
    }
}
