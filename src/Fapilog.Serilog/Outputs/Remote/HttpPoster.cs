using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Outputs.Remote;

/// <summary>
/// Sends one request body for a network output and says how it went: the HTTP part every remote output shares (its
/// client, its configured headers and timeout, and how a response or an exception becomes a delivery outcome).
/// </summary>
/// <remarks>
/// Runs on the output's delivery thread with the synchronous <see cref="HttpClient.Send(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>:
/// the thread is dedicated, and a task per request would buy nothing. 2xx is delivered, unless the output reads the
/// response itself (<c>readSuccess</c>: a bulk response that reports items); 429 and 503 are transient with their
/// <c>Retry-After</c>; other 5xx, 408, timeouts and refused, reset or cut connections are transient; a redirect (never
/// followed) and other 4xx are permanent. An output whose backend explains a refusal in the body refines that outcome
/// with <c>readFailure</c> (the server's error text); it cannot turn a failure into a delivery by throwing. Both hooks
/// read with <see cref="ResponseBodies"/>, and their token also fires once the request timeout has passed again since
/// the headers arrived (the client's own timeout ends with them), so a body that stalls cannot hold the delivery thread.
/// </remarks>
internal sealed class HttpPoster : IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly (string Name, string Value)[] _headers;
    private readonly Func<HttpResponseMessage, CancellationToken, DeliveryOutcome>? _readSuccess;
    private readonly Func<HttpResponseMessage, DeliveryOutcome, CancellationToken, DeliveryOutcome>? _readFailure;

    /// <param name="options">Url, headers, timeout and (in tests) the handler.</param>
    /// <param name="url">The URL requests go to, when it is not <see cref="FapilogRemoteOptions.Url"/> itself (an API path added to a base address).</param>
    /// <param name="readSuccess">
    /// Reads a 2xx response whose body says more (per-item results); null when 2xx means delivered. Its token ends with
    /// the request timeout too; a body not read in time is a timeout, worth another try.
    /// </param>
    /// <param name="readFailure">
    /// Refines the outcome of a response that is not 2xx (given as <see cref="Classify"/> made it), typically by adding the
    /// backend's error text from the body; null keeps <see cref="Classify"/>'s outcome. Its token also ends when the
    /// request timeout has passed, so a body that never comes cannot hold the delivery thread; if it throws, the
    /// classified outcome stands.
    /// </param>
    public HttpPoster(
        FapilogRemoteOptions options,
        Uri? url = null,
        Func<HttpResponseMessage, CancellationToken, DeliveryOutcome>? readSuccess = null,
        Func<HttpResponseMessage, DeliveryOutcome, CancellationToken, DeliveryOutcome>? readFailure = null)
    {
        _url = url ?? new Uri(options.Url, UriKind.Absolute);
        _headers = new (string, string)[options.Headers.Count];
        int i = 0;
        foreach (var header in options.Headers)
        {
            _headers[i++] = (header.Key, header.Value);
        }

        _readSuccess = readSuccess;
        _readFailure = readFailure;
        _client = options.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient(DefaultHandler());
        _client.Timeout = options.RequestTimeout;
    }

    public Uri Url => _url;

    /// <summary>POSTs <paramref name="body"/>; <paramref name="decorate"/> adds what depends on the attempt (a signature, a timestamp).</summary>
    public DeliveryOutcome Post(RequestBody body, MediaTypeHeaderValue contentType, CancellationToken cancel, Action<HttpRequestMessage, ReadOnlyMemory<byte>>? decorate = null)
    {
        try
        {
            var bytes = body.Bytes;
            using var request = new HttpRequestMessage(HttpMethod.Post, _url);
            var content = new ReadOnlyMemoryContent(bytes);
            content.Headers.ContentType = contentType;
            if (body.ContentEncoding is { } encoding)
            {
                content.Headers.ContentEncoding.Add(encoding);
            }

            request.Content = content;
            RequestHeaders.Add(request, content, _headers);
            decorate?.Invoke(request, bytes);
            using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancel);
            bool success = response.IsSuccessStatusCode;
            if (success ? _readSuccess is null : _readFailure is null)
            {
                return Classify(response);
            }

            // The client's timeout ended with the headers: the body gets a bound of its own.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            bounded.CancelAfter(_client.Timeout);
            return success ? _readSuccess!(response, bounded.Token) : ReadFailure(response, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return DeliveryOutcome.Transient("timeout: no response within the request timeout");
        }
        catch (Exception ex)
        {
            // Refused, reset or cut connections, DNS failures, the close giving up: all worth another try (the close
            // decides itself whether there is time for one).
            // The message may name a proxy's URL with its credentials: they are masked.
            return DeliveryOutcome.Transient(ex.GetType().Name + ": " + UrlText.MaskUserInfoIn(ex.Message));
        }
    }

    public void Dispose() => _client.Dispose();

    private DeliveryOutcome ReadFailure(HttpResponseMessage response, CancellationToken cancel)
    {
        var classified = Classify(response);
        try
        {
            return _readFailure!(response, classified, cancel);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return classified;
        }
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

    /// <summary>The outcome a response's status means (2xx delivered; see the class remarks).</summary>
    internal static DeliveryOutcome Classify(HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return DeliveryOutcome.Delivered;
        }

        string error = "HTTP " + status.ToString(CultureInfo.InvariantCulture) + " " + response.ReasonPhrase;
        if (status is >= 300 and < 400)
        {
            return DeliveryOutcome.Permanent(error + ": redirects are not followed; set Url to the final address"
                + (response.Headers.Location is { } location ? " (Location: " + UrlText.Shown(location.OriginalString) + ")" : string.Empty));
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
}
