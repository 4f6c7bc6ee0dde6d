using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Outputs.Http;

/// <summary>
/// POSTs one batch as NDJSON or a JSON array, signed when a secret is set, and tells a delivered batch from a
/// transient failure (5xx, 408, 429, timeouts, refused or reset connections) and a permanent one (a redirect, or any
/// other 4xx).
/// </summary>
/// <remarks>
/// Runs on the output's delivery thread with the synchronous <see cref="HttpClient.Send(HttpRequestMessage, CancellationToken)"/>:
/// the thread is dedicated, and a task per request would buy nothing. The body is built once per batch into a reused
/// buffer, so a retry sends the same bytes; the signature is made per attempt, with that attempt's timestamp.
/// </remarks>
internal sealed class HttpTransport : IDeliveryTransport
{
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly FapilogHttpBodyFormat _bodyFormat;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly WebhookSignature? _signature;
    private readonly TimeProvider _time;

    // The delivery thread's own: the body of the batch in flight, and which batch it is.
    private readonly PooledByteBuffer _body = new();
    private IReadOnlyList<DeliveryItem>? _bodyOf;
    private DeliveryItem? _bodyHead;
    private int _bodyCount;

    public HttpTransport(FapilogHttpOptions options)
    {
        _url = new Uri(options.Url, UriKind.Absolute);
        _bodyFormat = options.BodyFormat;
        _headers = new List<KeyValuePair<string, string>>(options.Headers).ToArray();
        _signature = options.SigningSecret is { } secret ? new WebhookSignature(secret) : null;
        _time = options.Delivery.TimeProvider;
        _client = options.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient(DefaultHandler());
        _client.Timeout = options.RequestTimeout;
    }

    public DeliveryOutcome Send(IReadOnlyList<DeliveryItem> batch, CancellationToken cancel)
    {
        var body = BodyFor(batch);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _url);
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = _bodyFormat == FapilogHttpBodyFormat.Ndjson ? Ndjson : Json;
            request.Content = content;
            foreach (var (name, value) in _headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    // A content header: a user's Content-Type replaces ours rather than adding a second value.
                    content.Headers.Remove(name);
                    content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (_signature is not null)
            {
                var (timestamp, signature) = _signature.Sign(body.Span, _time.GetUtcNow().ToUnixTimeSeconds());
                request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
                request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signature);
            }

            using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancel);
            return Classify(response);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return DeliveryOutcome.Transient("timeout: no response within the request timeout");
        }
        catch (Exception ex)
        {
            // Refused, reset or cut connections, DNS failures, the close giving up: all worth another try (the close
            // decides itself whether there is time for one).
            return DeliveryOutcome.Transient(ex.GetType().Name + ": " + ex.Message);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _body.Dispose();
    }

    /// <summary>
    /// Redirects are not followed: a redirected POST would drop its body or its signature on the way, and a log endpoint
    /// that moved is a configuration error to report, not to guess around. Pooled connections are renewed, so a
    /// long-running process follows DNS changes of the backend.
    /// </summary>
    private static SocketsHttpHandler DefaultHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    internal static DeliveryOutcome Classify(HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return DeliveryOutcome.Delivered;
        }

        string error = "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + response.ReasonPhrase;
        if (status is >= 300 and < 400)
        {
            return DeliveryOutcome.Permanent(error + ": redirects are not followed; set Url to the final address"
                + (response.Headers.Location is { } location ? " (Location: " + location + ")" : string.Empty));
        }

        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            return DeliveryOutcome.Transient(error, RetryAfterText(response));
        }

        return status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
            ? DeliveryOutcome.Transient(error)
            : DeliveryOutcome.Permanent(error);
    }

    private static string? RetryAfterText(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null;

    /// <summary>The body of <paramref name="batch"/>: built on its first attempt, the same bytes on every retry.</summary>
    private ReadOnlyMemory<byte> BodyFor(IReadOnlyList<DeliveryItem> batch)
    {
        if (ReferenceEquals(batch, _bodyOf) && batch.Count == _bodyCount && batch.Count > 0 && ReferenceEquals(batch[0], _bodyHead))
        {
            return _body.WrittenMemory;
        }

        _body.Clear();
        if (_bodyFormat == FapilogHttpBodyFormat.JsonArray)
        {
            Append("["u8);
        }

        for (int i = 0; i < batch.Count; i++)
        {
            var line = batch[i].Bytes.AsSpan();
            if (_bodyFormat == FapilogHttpBodyFormat.Ndjson)
            {
                Append(line);
                continue;
            }

            // An array element is the line without its line break, elements separated by commas.
            if (i > 0)
            {
                Append(","u8);
            }

            Append(line.TrimEnd("\r\n"u8));
        }

        if (_bodyFormat == FapilogHttpBodyFormat.JsonArray)
        {
            Append("]"u8);
        }

        _bodyOf = batch;
        _bodyHead = batch.Count > 0 ? batch[0] : null;
        _bodyCount = batch.Count;
        return _body.WrittenMemory;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_body.GetSpan(bytes.Length));
        _body.Advance(bytes.Length);
    }
}
