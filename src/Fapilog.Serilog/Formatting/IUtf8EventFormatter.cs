using System.Buffers;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Formats one event straight to UTF-8 bytes: the fast path that Fapilog.Serilog's own outputs use, with no
/// UTF-16 string per event.
/// </summary>
/// <remarks>Implementations are called from the writer thread only, one call at a time.</remarks>
internal interface IUtf8EventFormatter
{
    /// <summary>Writes the event as one complete line, terminated by <c>\n</c>.</summary>
    /// <param name="logEvent">The event and what the pipeline added beside it.</param>
    /// <param name="output">Where the bytes go.</param>
    void Format(in FapilogEvent logEvent, IBufferWriter<byte> output);
}
