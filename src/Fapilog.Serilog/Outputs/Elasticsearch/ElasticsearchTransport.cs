using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Outputs.Elasticsearch;

/// <summary>
/// POSTs one batch to <c>/_bulk</c> as NDJSON, the events' records one after the other (each its action line and its
/// document line), and reads the answer item by item.
/// </summary>
/// <remarks>
/// <para>A 200 whose <c>errors</c> is false is delivered; with <c>errors</c> true it is a per-item answer
/// (<see cref="BulkResponse"/>). A whole request refused: 413 is permanent for the batch and says to lower
/// <c>BatchBytesLimit</c>; 429, 503 and other 5xx are transient (with <c>Retry-After</c>); 400, 401, 403 and other 4xx are
/// permanent. Each names the backend's <c>type: reason</c> from the error body.</para>
/// <para>The body is built once per batch version, so a retry sends the same bytes, and only the items the backend asked
/// to be retried are sent again (the batch's version changes when the others settle).</para>
/// </remarks>
internal sealed class ElasticsearchTransport : IDeliveryTransport
{
    private const int BodyLimit = 64 * 1024 * 1024;
    private const int ErrorExcerptLimit = 64 * 1024;
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson") { CharSet = "utf-8" };

    private readonly HttpPoster _poster;
    private readonly bool _conflictMeansDelivered;
    private readonly string? _authorization;
    private readonly Action<HttpRequestMessage, ReadOnlyMemory<byte>>? _authorize;

    // The delivery thread's own: the body of the batch in flight, the response being read, and the batch it answers.
    private readonly RequestBody _body;
    private readonly PooledByteBuffer _response = new();
    private DeliveryBatch? _sending;

    public ElasticsearchTransport(FapilogElasticsearchOptions options)
    {
        _poster = new HttpPoster(options, BulkUrl(options), ReadSuccess, ReadFailure);
        _body = new RequestBody(options.CompressRequests);
        _conflictMeansDelivered = options.SetDocumentIds && options.Operation == FapilogElasticsearchOperation.Create;
        if (options.ApiKey is { } key)
        {
            _authorization = "ApiKey " + key;
            _authorize = (request, _) => request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }
    }

    public Uri Url => _poster.Url;

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        if (!_body.IsFor(batch))
        {
            _body.Start();
            for (int i = 0; i < batch.Count; i++)
            {
                _body.Append(batch[i]);
            }

            _body.Finish(batch);
        }

        _sending = batch;
        try
        {
            return _poster.Post(_body, Ndjson, cancel, _authorize);
        }
        finally
        {
            _sending = null;
        }
    }

    public void Dispose()
    {
        _poster.Dispose();
        _body.Dispose();
        _response.Dispose();
    }

    /// <summary><c>{Url}/_bulk</c>, with <c>?pipeline=</c> when one is set.</summary>
    internal static Uri BulkUrl(FapilogElasticsearchOptions options)
    {
        string url = options.Url.TrimEnd('/') + "/_bulk";
        return new Uri(options.Pipeline is { } pipeline ? url + "?pipeline=" + Uri.EscapeDataString(pipeline) : url, UriKind.Absolute);
    }

    private DeliveryOutcome ReadSuccess(HttpResponseMessage response, CancellationToken cancel)
    {
        if (!ResponseBodies.Read(response, _response, BodyLimit, cancel))
        {
            return DeliveryOutcome.Transient("the bulk response is larger than 64 MiB; lower BatchSizeLimit");
        }

        return BulkResponse.Read(_response.WrittenSpan, _sending!, _conflictMeansDelivered);
    }

    private DeliveryOutcome ReadFailure(HttpResponseMessage response, DeliveryOutcome outcome, CancellationToken cancel)
    {
        ResponseBodies.Read(response, _response, ErrorExcerptLimit, cancel);
        string error = outcome.Error + (BulkResponse.ErrorReason(_response.WrittenSpan) is { } reason ? ": " + reason : string.Empty);
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            return DeliveryOutcome.Permanent(error + ": the request is larger than the backend takes (http.max_content_length); lower Delivery.BatchBytesLimit");
        }

        return outcome with { Error = error };
    }
}
