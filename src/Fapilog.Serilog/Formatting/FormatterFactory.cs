using System;

namespace Fapilog.Serilog.Formatting;

/// <summary>Creates the UTF-8 formatter for a <see cref="FapilogFormat"/>.</summary>
internal static class FormatterFactory
{
    public static IUtf8EventFormatter Create(FapilogFormat format) => format switch
    {
        FapilogFormat.Envelope => new FapilogEnvelopeFormatter(),
        FapilogFormat.Clef => new ClefFormatter(),
        FapilogFormat.RenderedClef => new RenderedClefFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };
}
