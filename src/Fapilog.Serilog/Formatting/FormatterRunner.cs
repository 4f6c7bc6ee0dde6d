using System;
using System.Buffers;
using System.IO;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Runs a formatter core on both paths: the UTF-8 fast path straight into the caller's buffer, and the
/// <c>ITextFormatter</c> path, which formats the same bytes into a reused buffer and decodes them once.
/// </summary>
internal static class FormatterRunner
{
    public static void FormatUtf8<TFormatter>(TFormatter formatter, ScratchSlot slot, in FapilogEvent fapilogEvent, IBufferWriter<byte> output)
        where TFormatter : IScratchFormatter
    {
        ArgumentNullException.ThrowIfNull(output);
        if (fapilogEvent.LogEvent is null)
        {
            throw new ArgumentException("The event carries no LogEvent.", nameof(fapilogEvent));
        }

        var scratch = slot.Rent();
        try
        {
            formatter.Write(fapilogEvent, output, scratch);
        }
        finally
        {
            slot.Return(scratch);
        }
    }

    public static void FormatText<TFormatter>(TFormatter formatter, ScratchSlot slot, in FapilogEvent fapilogEvent, TextWriter output)
        where TFormatter : IScratchFormatter
    {
        ArgumentNullException.ThrowIfNull(output);
        var scratch = slot.Rent();
        try
        {
            scratch.ResetTextBuffer();
            formatter.Write(fapilogEvent, scratch.TextBuffer, scratch);
            scratch.CopyTextBufferTo(output);
        }
        finally
        {
            slot.Return(scratch);
        }
    }
}
