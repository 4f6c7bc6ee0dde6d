using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A tiny stand-in for the real formatters: <c>{"n":N,"l":"INFO"}\n</c>, with an optional <c>"pad"</c> string
/// property to make lines of a chosen size.
/// </summary>
internal sealed class TestLineFormatter : IUtf8EventFormatter
{
    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        var e = logEvent.LogEvent;
        long n = e.Properties.TryGetValue("N", out var v) && v is ScalarValue { Value: int i } ? i : 0;
        string pad = e.Properties.TryGetValue("Pad", out var p) && p is ScalarValue { Value: string s } ? ",\"pad\":\"" + s + "\"" : string.Empty;
        string line = "{\"n\":" + n.ToString(CultureInfo.InvariantCulture) + ",\"l\":\"" + LevelClassifier.EnvelopeName(logEvent.Level) + "\"" + pad + "}\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        bytes.AsSpan().CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    /// <summary>The byte length of the line for a single-digit N at INFO without padding.</summary>
    public const int ShortLineLength = 19;
}
