using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Serilog.Events;
using Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Runs formatters on both paths and returns the line as text or parsed JSON.</summary>
internal static class Formatted
{
    public static readonly Guid MessageId = new("0190f3c4-5a6b-7c8d-9e0f-112233445566");

    /// <summary>The UTF-8 path, with a fixed message id.</summary>
    public static string Utf8(IUtf8EventFormatter formatter, LogEvent logEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        formatter.Format(new FapilogEvent(logEvent, 1, LevelClassifier.Classify(logEvent), MessageId), buffer);
        // Strict decoding: invalid UTF-8 fails the test instead of being replaced silently.
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.WrittenSpan);
    }

    /// <summary>The <see cref="ITextFormatter"/> path.</summary>
    public static string Text(ITextFormatter formatter, LogEvent logEvent)
    {
        var writer = new StringWriter();
        formatter.Format(logEvent, writer);
        return writer.ToString();
    }

    public static JsonElement Envelope(LogEvent logEvent, FapilogEnvelopeOptions? options = null)
        => Parse(Utf8(new FapilogEnvelopeFormatter(options ?? new FapilogEnvelopeOptions()), logEvent)).GetProperty("log");

    public static JsonElement Parse(string line)
    {
        Assert.EndsWith("\n", line);
        Assert.DoesNotContain('\n', line.TrimEnd('\n'));
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
