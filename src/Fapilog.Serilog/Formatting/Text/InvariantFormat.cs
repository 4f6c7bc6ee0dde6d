using System;
using System.Globalization;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// The invariant culture for Serilog's own rendering of structures, sequences and dictionaries, with enums
/// made invariant too (<see cref="SafeText.Invariant(Enum, string?)"/>): .NET ignores the provider there, so
/// scalars are formatted here, through the <see cref="ICustomFormatter"/> Serilog asks a provider for first.
/// Everything else is formatted exactly as Serilog formats it with <see cref="CultureInfo.InvariantCulture"/>.
/// </summary>
internal sealed class InvariantFormat : IFormatProvider, ICustomFormatter
{
    private InvariantFormat()
    {
    }

    public static InvariantFormat Instance { get; } = new();

    public object? GetFormat(Type? formatType)
        => formatType == typeof(ICustomFormatter) ? this : CultureInfo.InvariantCulture.GetFormat(formatType);

    public string Format(string? format, object? arg, IFormatProvider? formatProvider) => arg switch
    {
        Enum e => SafeText.Invariant(e, format),
        IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
        _ => arg?.ToString() ?? string.Empty,
    };
}
