using System.Buffers;

namespace Fapilog.Serilog.Formatting;

/// <summary>A formatter's core: one event to UTF-8 with a scratch the caller owns.</summary>
internal interface IScratchFormatter
{
    void Write(in FapilogEvent fapilogEvent, IBufferWriter<byte> output, FormatterScratch scratch);
}
