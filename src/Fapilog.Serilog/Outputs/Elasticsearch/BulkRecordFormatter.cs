using System;
using System.Buffers;
using System.Text;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Outputs.Elasticsearch;

/// <summary>
/// Writes an event's record for the <c>_bulk</c> API: its action line (<c>{"create":{"_index":"logs-app-default","_id":"…"}}</c>)
/// and its document line, <c>{"@timestamp":"…",</c> followed by the fields of the document format's own line. The record
/// names its target, so a request is the records one after the other, whatever the configuration is when it is sent.
/// </summary>
/// <remarks>
/// On the writer thread, one call at a time (as <see cref="IUtf8EventFormatter"/> is called). The document format's line is
/// written straight into the output: its opening brace becomes the comma after <c>@timestamp</c>
/// (<see cref="ObjectSplice"/>), so nothing is copied. A dated index's name is formatted once per UTC hour; the steady
/// state allocates nothing beyond what the document format does.
/// </remarks>
internal sealed class BulkRecordFormatter : IUtf8EventFormatter
{
    // ,"_id":"<36>" then }}\n{"@timestamp":"<24>" : what follows the index name before the document's own bytes.
    private const int MostAfterName = 8 + 36 + 1 + 17 + CachedTimestamp.EnvelopeLength + 1;

    private readonly IUtf8EventFormatter _document;
    private readonly bool _ids;
    private readonly string? _pattern;
    private readonly string _operation;
    private readonly CachedTimestamp _timestamp = new();
    private readonly ObjectSplice _splice = new();

    // The action line up to the end of the index name: {"create":{"_index":"name" (for a pattern, that of _hour).
    private byte[] _action;
    private long _hour = long.MinValue;

    public BulkRecordFormatter(IUtf8EventFormatter document, string target, FapilogElasticsearchOperation operation, bool ids)
    {
        _document = document;
        _ids = ids;
        _operation = operation == FapilogElasticsearchOperation.Index ? "index" : "create";
        _pattern = IndexNames.IsPattern(target) ? target : null;
        _action = _pattern is null ? ActionPrefix(target) : Array.Empty<byte>();
    }

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        var timestamp = logEvent.LogEvent.Timestamp;
        var action = ActionFor(timestamp);
        var span = output.GetSpan(action.Length + MostAfterName);
        int at = Copy(action, span, 0);
        if (_ids)
        {
            at = Copy(",\"_id\":\""u8, span, at);
            logEvent.MessageId.TryFormat(span[at..], out int written);
            at += written;
            span[at++] = (byte)'"';
        }

        at = Copy("}}\n{\"@timestamp\":\""u8, span, at);
        _timestamp.WriteEnvelope(timestamp, span[at..]);
        at += CachedTimestamp.EnvelopeLength;
        span[at++] = (byte)'"';
        output.Advance(at);

        _splice.Start(output);
        _document.Format(logEvent, _splice);
        if (!_splice.Spliced)
        {
            throw new FormatException("The document format wrote no JSON object.");
        }
    }

    private static int Copy(ReadOnlySpan<byte> bytes, Span<byte> span, int at)
    {
        bytes.CopyTo(span[at..]);
        return at + bytes.Length;
    }

    private byte[] ActionPrefix(string index) => Encoding.UTF8.GetBytes("{\"" + _operation + "\":{\"_index\":\"" + index + "\"");

    private ReadOnlySpan<byte> ActionFor(DateTimeOffset timestamp)
    {
        if (_pattern is not null)
        {
            long hour = timestamp.UtcTicks / TimeSpan.TicksPerHour;
            if (hour != _hour)
            {
                // Names are checked when the output is configured: lower case, nothing JSON would escape.
                _action = ActionPrefix(IndexNames.Format(_pattern, new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Utc)));
                _hour = hour;
            }
        }

        return _action;
    }

    /// <summary>
    /// Passes a JSON object's line to the output with its opening brace turned into a comma, so that its members follow
    /// the ones already written. The first <see cref="Advance"/> is of the memory last handed out, which starts the object.
    /// </summary>
    private sealed class ObjectSplice : IBufferWriter<byte>
    {
        private IBufferWriter<byte> _output = null!;
        private Memory<byte> _last;

        public bool Spliced { get; private set; }

        public void Start(IBufferWriter<byte> output)
        {
            _output = output;
            _last = default;
            Spliced = false;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _last = _output.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => (_last = _output.GetMemory(sizeHint)).Span;

        public void Advance(int count)
        {
            if (!Spliced && count > 0)
            {
                var first = _last.Span;
                if (first[0] != (byte)'{')
                {
                    throw new FormatException("The document format's line is not a JSON object.");
                }

                // An empty object leaves {"@timestamp":"…" } rather than a comma before its closing brace.
                first[0] = count > 1 && first[1] == (byte)'}' ? (byte)' ' : (byte)',';
                Spliced = true;
            }

            _output.Advance(count);
        }
    }
}
