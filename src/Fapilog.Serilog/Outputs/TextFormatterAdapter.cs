using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Text;
using Fapilog.Serilog.Formatting;
using Serilog.Formatting;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Lets any Serilog <see cref="ITextFormatter"/> feed the UTF-8 outputs: the text goes to one reused
/// <see cref="StringWriter"/> and is encoded chunk by chunk, with no string per event.
/// </summary>
/// <remarks>A line that does not end in <c>\n</c> gets one, so the output stays one event per line.</remarks>
[SuppressMessage("Design", "CA1001", Justification = "A StringWriter holds no unmanaged resource; disposing it only flags it closed.")]
internal sealed class TextFormatterAdapter : IUtf8EventFormatter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ITextFormatter _inner;
    private readonly StringWriter _writer = new(CultureInfo.InvariantCulture);
    private readonly Encoder _encoder = Utf8.GetEncoder();

    public TextFormatterAdapter(ITextFormatter inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        var text = _writer.GetStringBuilder();
        text.Clear();

        // A fapilog formatter wrapped here then shows the pipeline's sequence and message id.
        WriterContext.Enter(in logEvent);
        try
        {
            _inner.Format(logEvent.LogEvent, _writer);
        }
        finally
        {
            WriterContext.Exit();
        }

        if (text.Length == 0 || text[^1] != '\n')
        {
            text.Append('\n');
        }

        Encode(text, _encoder, output);
    }

    /// <summary>Encodes a builder's chunks to UTF-8 straight into <paramref name="output"/>.</summary>
    internal static void Encode(StringBuilder text, Encoder encoder, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Utf8.GetMaxByteCount(text.Length));
        int written = 0;
        foreach (var chunk in text.GetChunks())
        {
            written += encoder.GetBytes(chunk.Span, span[written..], flush: false);
        }

        written += encoder.GetBytes(ReadOnlySpan<char>.Empty, span[written..], flush: true);
        output.Advance(written);
    }
}
