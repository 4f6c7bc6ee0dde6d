using System;

namespace Fapilog.Serilog.Formatting;

/// <summary>Creates the UTF-8 formatter for a <see cref="FapilogFormat"/>.</summary>
internal static class FormatterFactory
{
    // Filled in by the formatters change (envelope, CLEF, rendered CLEF).
    public static IUtf8EventFormatter Create(FapilogFormat format)
        => throw new NotSupportedException($"The {format} formatter is not built yet.");
}
