using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Outputs.Seq;

/// <summary>
/// What Seq's answers to <c>POST /ingest/clef</c> mean: <c>201 Created</c> (any 2xx) delivered; 400 a payload Seq will
/// never take (malformed CLEF, an event over its event body limit), 401/403 an API key it refuses, 413 a request over
/// its raw payload limit, each permanent for the batch; 429 and 503 transient with their <c>Retry-After</c>, other
/// 5xx transient. Seq explains a refusal as <c>{"Error": "..."}</c>; that text goes into the error.
/// </summary>
internal sealed class SeqResponses
{
    // An error body longer than this is cut: the error is for a log line, not for a dump of the payload.
    private const int MaxBodyBytes = 4096;
    private const int MaxErrorChars = 500;

    private readonly string? _apiKey;
    private readonly int _batchBytesLimit;

    public SeqResponses(string? apiKey, int batchBytesLimit)
    {
        _apiKey = apiKey;
        _batchBytesLimit = batchBytesLimit;
    }

    /// <summary>Refines <paramref name="classified"/> (<see cref="HttpPoster.Classify"/>'s outcome) with what the status and Seq's error text mean.</summary>
    public DeliveryOutcome Explain(HttpResponseMessage response, DeliveryOutcome classified, CancellationToken cancel)
    {
        string? seqError = ErrorText(ResponseBodies.ReadText(response, MaxBodyBytes, cancel));
        string said = seqError is null ? string.Empty : ": Seq says \"" + seqError + "\"";
        string status = classified.Error ?? "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest => DeliveryOutcome.Permanent(status + ": Seq refused the payload" + said),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => DeliveryOutcome.Permanent(
                status + ": Seq refused the API key (missing, unknown, or without permission to ingest); check ApiKey" + said),
            HttpStatusCode.RequestEntityTooLarge => DeliveryOutcome.Permanent(
                status + ": the request was over Seq's raw payload limit; set Delivery.BatchBytesLimit (now "
                + _batchBytesLimit.ToString(CultureInfo.InvariantCulture) + ") below the server's limit" + said),
            HttpStatusCode.NotFound => DeliveryOutcome.Permanent(status + ": no Seq ingestion endpoint there; set Url to the Seq server's base address" + said),
            _ => classified with { Error = status + said },
        };
    }

    /// <summary>The <c>Error</c> member of a Seq error body, cut to a log line, with the API key masked; null when there is none.</summary>
    internal string? ErrorText(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        string? text;
        try
        {
            using var document = JsonDocument.Parse(body);
            text = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            // A proxy's HTML page or a body cut at the limit: not Seq's explanation.
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(_apiKey))
        {
            text = text.Replace(_apiKey, "***", StringComparison.Ordinal);
        }

        return text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
    }
}
