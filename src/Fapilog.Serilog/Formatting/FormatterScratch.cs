using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Everything a formatter reuses from one event to the next, so the steady state allocates nothing. One
/// thread at a time owns an instance (see <see cref="ScratchSlot"/>).
/// </summary>
internal sealed class FormatterScratch
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The formatters emit well-formed structure by construction; validation would only cost time.
        SkipValidation = true,

        // Lines are read as JSON, never embedded in HTML, so non-ASCII text stays readable; control
        // characters, quotes and backslashes are still escaped, and lone surrogates are replaced.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 1000,
    };

    private char[] _chars = new char[1024];

    public FormatterScratch()
    {
        Json = new Utf8JsonWriter(TextBuffer, WriterOptions);
        FallbackWriter = new StringWriter(Fallback, CultureInfo.InvariantCulture);
    }

    public Utf8JsonWriter Json { get; }

    /// <summary>The rendered message (or one <c>@r</c> rendering) before it becomes a JSON string.</summary>
    public Utf8Text Message { get; } = new();

    /// <summary>Short scalar renderings (ids, diagnostics) written as JSON strings.</summary>
    public Utf8Text Scalar { get; } = new();

    /// <summary>The line of the <c>ITextFormatter</c> path, before it is decoded to the <c>TextWriter</c>.</summary>
    public ArrayBufferWriter<byte> TextBuffer { get; private set; } = new(1024);

    /// <summary>Where values without a UTF-8 fast path are rendered by Serilog's own <c>Render</c>.</summary>
    public StringBuilder Fallback { get; } = new();

    public StringWriter FallbackWriter { get; }

    public EnvelopeProperties Envelope { get; } = new();

    public TemplateJsonCache Templates { get; } = new();

    public MessagePlanCache MessagePlans { get; } = new();

    public DoubleTextCache Doubles { get; } = new();

    public PropertyNameTable Names { get; } = new();

    public CachedTimestamp Timestamp { get; } = new();

    /// <summary>Empties <see cref="TextBuffer"/>, dropping it when one huge event grew it.</summary>
    public void ResetTextBuffer()
    {
        if (TextBuffer.Capacity > 1 << 20)
        {
            TextBuffer = new ArrayBufferWriter<byte>(1024);
        }
        else
        {
            TextBuffer.ResetWrittenCount();
        }
    }

    /// <summary>Decodes <see cref="TextBuffer"/> and writes it to <paramref name="output"/>.</summary>
    public void CopyTextBufferTo(TextWriter output)
    {
        var bytes = TextBuffer.WrittenSpan;
        int max = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (_chars.Length < max)
        {
            _chars = new char[max];
        }

        int count = Encoding.UTF8.GetChars(bytes, _chars);
        output.Write(_chars, 0, count);
        if (_chars.Length > 1 << 20)
        {
            _chars = new char[1024];
        }
    }
}
