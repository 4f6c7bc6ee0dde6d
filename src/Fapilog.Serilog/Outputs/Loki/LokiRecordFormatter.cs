using System;
using System.Buffers;
using System.Buffers.Text;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Outputs.Loki;

/// <summary>
/// Writes one event's record for the Loki output: its stream's labels, a tab, and its entry, then a line break:
/// <c>{"app":"shop","level":"INFO"}\t["1768473000123000000","{\"schema_version\":...}"]\n</c>.
/// </summary>
/// <remarks>
/// <para>The record carries everything a push needs, so it stays valid wherever it is kept and replayed: the label set
/// as JSON object text (the transport groups records into streams by these bytes, without parsing anything), and the
/// entry exactly as the push body holds it — the event's own timestamp in Unix nanoseconds (never the time of sending,
/// which would reorder and misdate events that waited in the buffer) and the line as a JSON string.</para>
/// <para>The tab is the first one in the record: JSON text escapes control characters inside strings, so neither the
/// labels nor the entry contain a raw tab or line break. Called on the writer thread only; the line is formatted into a
/// reused buffer, so the steady state allocates nothing beyond the inner formatter's own.</para>
/// </remarks>
internal sealed class LokiRecordFormatter : IUtf8EventFormatter, IDisposable
{
    public const byte Separator = (byte)'\t';

    // What a JSON string cannot carry as it is. The inner formatters write valid JSON lines, which hold no control
    // characters, but a quote or a backslash in them is common.
    private static readonly SearchValues<byte> Escaped = SearchValues.Create(BuildEscaped());

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly IUtf8EventFormatter _line;
    private PooledByteBuffer _scratch = new();

    public LokiRecordFormatter(string output, FapilogLokiOptions options)
    {
        _line = FormatterFactory.Create(options.LineFormat);
        Labels = new LokiLabelSet(output, options);
    }

    public LokiLabelSet Labels { get; }

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _scratch.Clear();
        _line.Format(in logEvent, _scratch);
        var line = _scratch.WrittenSpan.TrimEnd("\r\n"u8);

        Labels.Write(in logEvent, output);
        LokiLabelSet.Append(output, "\t[\""u8);
        long nanoseconds = UnixNanoseconds(logEvent.LogEvent.Timestamp);
        var digits = output.GetSpan(20);
        Utf8Formatter.TryFormat(nanoseconds, digits, out int written);
        output.Advance(written);
        LokiLabelSet.Append(output, "\",\""u8);
        WriteEscaped(line, output);
        LokiLabelSet.Append(output, "\"]\n"u8);
        if (_scratch.Count > 1 << 20)
        {
            // One huge event should not pin a huge buffer.
            _scratch.Dispose();
            _scratch = new PooledByteBuffer();
        }
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>
    /// The timestamp in Unix nanoseconds, clamped to what Loki's int64 holds (1970 to 2262): a timestamp outside would
    /// otherwise wrap around to a negative number, which is not a timestamp at all.
    /// </summary>
    internal static long UnixNanoseconds(DateTimeOffset timestamp)
    {
        long ticks = timestamp.UtcTicks - UnixEpochTicks;
        return ticks <= 0 ? 0 : ticks >= long.MaxValue / 100 ? long.MaxValue : ticks * 100;
    }

    /// <summary>The labels' JSON text and the entry's JSON text of a record; false for bytes that are not one.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> record, out ReadOnlySpan<byte> labels, out ReadOnlySpan<byte> entry)
    {
        int tab = record.IndexOf(Separator);
        labels = tab > 1 ? record[..tab] : default;
        entry = tab > 1 ? record[(tab + 1)..].TrimEnd("\r\n"u8) : default;
        return tab > 1 && labels[0] == '{' && labels[^1] == '}' && entry.Length > 2 && entry[0] == '[' && entry[^1] == ']';
    }

    private static void WriteEscaped(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        while (!text.IsEmpty)
        {
            int next = text.IndexOfAny(Escaped);
            var run = next < 0 ? text : text[..next];
            LokiLabelSet.Append(output, run);
            if (next < 0)
            {
                return;
            }

            byte b = text[next];
            if (b is (byte)'"' or (byte)'\\')
            {
                var two = output.GetSpan(2);
                two[0] = (byte)'\\';
                two[1] = b;
                output.Advance(2);
            }
            else
            {
                var six = output.GetSpan(6);
                "\\u00"u8.CopyTo(six);
                six[4] = (byte)"0123456789abcdef"[b >> 4];
                six[5] = (byte)"0123456789abcdef"[b & 0xF];
                output.Advance(6);
            }

            text = text[(next + 1)..];
        }
    }

    private static byte[] BuildEscaped()
    {
        var bytes = new byte[34];
        for (int i = 0; i < 32; i++)
        {
            bytes[i] = (byte)i;
        }

        bytes[32] = (byte)'"';
        bytes[33] = (byte)'\\';
        return bytes;
    }
}
