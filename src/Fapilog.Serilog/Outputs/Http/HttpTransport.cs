using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Outputs.Http;

/// <summary>
/// POSTs one batch as NDJSON or a JSON array, signed when a secret is set; <see cref="HttpPoster"/> tells a delivered
/// batch from a transient and a permanent failure.
/// </summary>
/// <remarks>
/// The body is built once per batch into a reused buffer, so a retry sends the same bytes; the signature is made per
/// attempt, with that attempt's timestamp.
/// </remarks>
internal sealed class HttpTransport : IDeliveryTransport
{
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpPoster _poster;
    private readonly FapilogHttpBodyFormat _bodyFormat;
    private readonly Action<HttpRequestMessage, ReadOnlyMemory<byte>>? _sign;

    // The delivery thread's own: the body of the batch in flight.
    private readonly RequestBody _body = new(gzip: false);

    public HttpTransport(FapilogHttpOptions options)
    {
        _poster = new HttpPoster(options);
        _bodyFormat = options.BodyFormat;
        if (options.SigningSecret is { } secret)
        {
            var signature = new WebhookSignature(secret);
            var time = options.Delivery.TimeProvider;
            _sign = (request, body) =>
            {
                var (timestamp, signed) = signature.Sign(body.Span, time.GetUtcNow().ToUnixTimeSeconds());
                request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
                request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signed);
            };
        }
    }

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        if (!_body.IsFor(batch))
        {
            Build(batch);
        }

        return _poster.Post(_body, _bodyFormat == FapilogHttpBodyFormat.Ndjson ? Ndjson : Json, cancel, _sign);
    }

    public void Dispose()
    {
        _poster.Dispose();
        _body.Dispose();
    }

    internal static DeliveryOutcome Classify(HttpResponseMessage response) => HttpPoster.Classify(response);

    private void Build(DeliveryBatch batch)
    {
        _body.Start();
        bool array = _bodyFormat == FapilogHttpBodyFormat.JsonArray;
        if (array)
        {
            _body.Append("["u8);
        }

        for (int i = 0; i < batch.Count; i++)
        {
            if (!array)
            {
                _body.Append(batch[i]);
                continue;
            }

            // An array element is the line without its line break, elements separated by commas.
            if (i > 0)
            {
                _body.Append(","u8);
            }

            _body.Append(batch[i].TrimEnd("\r\n"u8));
        }

        if (array)
        {
            _body.Append("]"u8);
        }

        _body.Finish(batch);
    }
}
