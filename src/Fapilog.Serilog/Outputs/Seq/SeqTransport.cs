using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Outputs.Seq;

/// <summary>
/// POSTs one batch to Seq's <c>/ingest/clef</c> as newline-delimited CLEF (<c>application/vnd.serilog.clef</c>), the
/// records exactly as the CLEF formatter wrote them, with the API key in <c>X-Seq-ApiKey</c>.
/// </summary>
/// <remarks>
/// Seq refuses a whole request with 400 when one event is over its event body limit, which would fail the good events
/// with the bad one. So an event over <see cref="FapilogSeqOptions.EventBodyLimitBytes"/> is left out of the body and
/// answered alone as rejected (a per-item outcome), and the rest of the batch is sent. The body is built once per
/// batch version, so a retry sends the same bytes.
/// </remarks>
internal sealed class SeqTransport : IDeliveryTransport
{
    private static readonly MediaTypeHeaderValue Clef = new("application/vnd.serilog.clef") { CharSet = "utf-8" };

    private readonly HttpPoster _poster;
    private readonly int? _eventBodyLimit;
    private readonly Action<HttpRequestMessage, ReadOnlyMemory<byte>>? _addKey;

    // The delivery thread's own: the body of the batch in flight, and the events left out of it.
    private readonly RequestBody _body;
    private readonly List<int> _oversized = new();
    private string? _oversizedError;

    public SeqTransport(FapilogSeqOptions options)
    {
        var responses = new SeqResponses(options.ApiKey, options.Delivery.BatchBytesLimit);
        _poster = new HttpPoster(options, options.IngestionUrl(), readFailure: responses.Explain);
        _body = new RequestBody(options.Compress);
        _eventBodyLimit = options.EventBodyLimitBytes;
        if (options.ApiKey is { } key)
        {
            _addKey = (request, _) => request.Headers.TryAddWithoutValidation(FapilogSeqOptions.ApiKeyHeader, key);
        }
    }

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        if (!_body.IsFor(batch))
        {
            Build(batch);
        }

        if (_oversized.Count == batch.Count)
        {
            // Nothing is left to send: every event is over the limit.
            return RejectOversized(batch);
        }

        var outcome = _poster.Post(_body, Clef, cancel, _addKey);
        return outcome.Kind == DeliveryOutcomeKind.Delivered && _oversized.Count > 0 ? RejectOversized(batch) : outcome;
    }

    public void Dispose()
    {
        _poster.Dispose();
        _body.Dispose();
    }

    private DeliveryOutcome RejectOversized(DeliveryBatch batch)
    {
        // Marked on every attempt: the verdicts of an attempt that ended otherwise are cleared by the loop.
        foreach (int index in _oversized)
        {
            batch.Reject(index);
        }

        return DeliveryOutcome.PerItem(_oversizedError);
    }

    private void Build(DeliveryBatch batch)
    {
        _oversized.Clear();
        _oversizedError = null;
        _body.Start();
        for (int i = 0; i < batch.Count; i++)
        {
            var record = batch[i];
            int size = record.TrimEnd("\r\n"u8).Length;
            if (_eventBodyLimit is int limit && size > limit)
            {
                _oversized.Add(i);
                _oversizedError ??= "an event of " + size.ToString(CultureInfo.InvariantCulture) + " bytes is over EventBodyLimitBytes ("
                    + limit.ToString(CultureInfo.InvariantCulture)
                    + "): not sent, since Seq refuses a whole request with such an event; raise the server's event body limit and EventBodyLimitBytes together";
                continue;
            }

            // Each record is one CLEF line with its line break: the body is newline-delimited as it stands.
            _body.Append(record);
        }

        _body.Finish(batch);
    }
}
