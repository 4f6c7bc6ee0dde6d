using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Outputs.Loki;

/// <summary>
/// POSTs one batch to Loki's push API as JSON: <c>{"streams":[{"stream":{labels},"values":[["ns","line"],...]},...]}</c>,
/// one stream per distinct label set in the batch (in the order they first appear), each stream's entries in event order.
/// </summary>
/// <remarks>
/// <para>Records are grouped by their label bytes as <see cref="LokiRecordFormatter"/> wrote them, and copied into the
/// body as they are: nothing is parsed or re-encoded. The body is built once per batch version into reused buffers
/// (gzipped when asked), so a retry sends the same bytes.</para>
/// <para>Loki answers 204. A 400 names the entries it refused (out of order, too old, too long, a stream limit):
/// permanent for the batch, with Loki's text in the error; Loki may have kept the other entries of that push, so
/// sending it again would duplicate them. 429 (a rate limit) and 5xx are retried; 401 and 403 are permanent.</para>
/// </remarks>
internal sealed class LokiTransport : IDeliveryTransport
{
    // Loki lists up to ten refused entries before its summary: enough of the body for the error to say what went wrong.
    private const int ErrorTextLimit = 4096;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpPoster _poster;
    private readonly RequestBody _body;
    private readonly Action<HttpRequestMessage, ReadOnlyMemory<byte>>? _tenant;

    // The delivery thread's own: per record, where its labels end and which record of its stream follows it; per
    // stream of the batch, its first and last record and the hash of its labels.
    private int[] _tabs = new int[64];
    private int[] _next = new int[64];
    private Group[] _streams = new Group[16];

    public LokiTransport(FapilogLokiOptions options)
    {
        _poster = new HttpPoster(options, options.PushUrl(), readFailure: ReadFailure);
        _body = new RequestBody(options.Gzip);
        if (options.Tenant is { } tenant)
        {
            _tenant = (request, _) => request.Headers.TryAddWithoutValidation(FapilogLokiOptions.TenantHeader, tenant);
        }
    }

    public Uri Url => _poster.Url;

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        if (!_body.IsFor(batch) && Build(batch) is { } malformed)
        {
            return DeliveryOutcome.Permanent(malformed);
        }

        return _poster.Post(_body, Json, cancel, _tenant);
    }

    public void Dispose()
    {
        _poster.Dispose();
        _body.Dispose();
    }

    /// <summary>Builds the push body; the error when a record is not one this output wrote.</summary>
    private string? Build(DeliveryBatch batch)
    {
        if (_tabs.Length < batch.Count)
        {
            _tabs = new int[Math.Max(batch.Count, _tabs.Length * 2)];
            _next = new int[_tabs.Length];
        }

        int streams = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            if (!LokiRecordFormatter.TrySplit(batch[i], out var labels, out _))
            {
                return "record " + i + " of the batch is not a Loki record (labels, a tab, an entry)";
            }

            _tabs[i] = labels.Length;
            _next[i] = -1;
            int hash = Hash(labels);
            int s = 0;
            while (s < streams && (_streams[s].Hash != hash || !labels.SequenceEqual(LabelsOf(batch, _streams[s].First))))
            {
                s++;
            }

            if (s == streams)
            {
                if (streams == _streams.Length)
                {
                    Array.Resize(ref _streams, streams * 2);
                }

                _streams[streams++] = new Group(i, i, hash);
            }
            else
            {
                _next[_streams[s].Last] = i;
                _streams[s] = _streams[s] with { Last = i };
            }
        }

        _body.Start();
        _body.Append("{\"streams\":["u8);
        int entries = 0;
        for (int s = 0; s < streams; s++)
        {
            _body.Append(s == 0 ? "{\"stream\":"u8 : ",{\"stream\":"u8);
            _body.Append(LabelsOf(batch, _streams[s].First));
            _body.Append(",\"values\":["u8);
            for (int i = _streams[s].First; i >= 0; i = _next[i])
            {
                if (i != _streams[s].First)
                {
                    _body.Append(","u8);
                }

                _body.Append(batch[i][(_tabs[i] + 1)..].TrimEnd("\r\n"u8));
                entries++;
            }

            _body.Append("]}"u8);
        }

        _body.Append("]}"u8);
        Invariants.Holds(entries == batch.Count, "every record of the batch is in exactly one stream");
        _body.Finish(batch);
        return null;
    }

    /// <summary>Adds Loki's text (the start of the body, as one line) to a refusal's error; an empty or unreadable body adds nothing.</summary>
    private static DeliveryOutcome ReadFailure(HttpResponseMessage response, DeliveryOutcome outcome, CancellationToken cancel) =>
        ResponseBodies.ReadText(response, ErrorTextLimit, cancel)?.ReplaceLineEndings(" ").Trim() is { Length: > 0 } text
            ? outcome with { Error = outcome.Error + ": " + text }
            : outcome;

    private ReadOnlySpan<byte> LabelsOf(DeliveryBatch batch, int record) => batch[record][.._tabs[record]];

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private readonly record struct Group(int First, int Last, int Hash);
}
