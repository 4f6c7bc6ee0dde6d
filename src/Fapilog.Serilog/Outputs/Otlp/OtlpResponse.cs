using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;
using Serilog.Debugging;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// What an OTLP/HTTP response means, as the specification says: 2xx is delivered, and its body may report a partial
/// success; 429, 502, 503 and 504 are transient, with their <c>Retry-After</c>; every other 4xx and 5xx is permanent,
/// and its body (a <c>google.rpc.Status</c>) says why; a redirect is not followed.
/// </summary>
/// <remarks>
/// A partial success (<c>rejected_log_records</c> &gt; 0) names how many records the collector dropped, never which:
/// the batch counts as delivered (the collector took it, and sending it again would duplicate what it kept) and each
/// such response is reported to <c>SelfLog</c> with the count and the collector's message.
/// </remarks>
internal static class OtlpResponse
{
    private delegate T BodyParser<out T>(ReadOnlySpan<byte> body);

    // Responses are small; a larger body is not read past this, and what was read is enough for a message.
    private const int MaxBody = 64 * 1024;

    public static DeliveryOutcome ReadSuccess(HttpResponseMessage response, string outputName, int records, CancellationToken cancel)
    {
        var (rejected, message) = Read(response, IsJson(response) ? PartialSuccessJson : new BodyParser<(long, string?)>(PartialSuccessProtobuf), cancel);
        if (rejected > 0 || !string.IsNullOrEmpty(message))
        {
            // The name goes into the format itself, braces doubled, as every delivery report names its output.
            SelfLog.WriteLine(
                "Fapilog output '" + outputName.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal)
                + "': the collector took a request of {0} records but rejected {1} of them (counted as delivered): {2}",
                records, rejected, string.IsNullOrEmpty(message) ? "no detail" : message);
        }

        return DeliveryOutcome.Delivered;
    }

    public static DeliveryOutcome Classify(HttpResponseMessage response, CancellationToken cancel)
    {
        int status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            return HttpPoster.Classify(response);
        }

        string error = "HTTP " + status.ToString(CultureInfo.InvariantCulture) + " " + response.ReasonPhrase;
        string? detail = Read(response, IsJson(response) ? StatusMessageJson : new BodyParser<string?>(StatusMessageProtobuf), cancel);
        if (!string.IsNullOrEmpty(detail))
        {
            error += ": " + detail;
        }

        return status is 429 or 502 or 503 or 504
            ? DeliveryOutcome.Transient(error, response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null)
            : DeliveryOutcome.Permanent(error);
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Reads the body (at most <see cref="MaxBody"/> bytes, into a pooled buffer, with <see cref="ResponseBodies"/>) and parses it.</summary>
    private static T Read<T>(HttpResponseMessage response, BodyParser<T> parse, CancellationToken cancel)
    {
        if (response.Content.Headers.ContentLength == 0)
        {
            return parse(default);
        }

        using var buffer = new PooledByteBuffer();
        try
        {
            ResponseBodies.Read(response, buffer, MaxBody, cancel);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // The status has been read; a body cut short only loses the detail.
        }

        return parse(buffer.WrittenSpan);
    }

    /// <summary><c>ExportLogsServiceResponse.partial_success</c> (1): <c>rejected_log_records</c> (1), <c>error_message</c> (2).</summary>
    private static (long Rejected, string? Message) PartialSuccessProtobuf(ReadOnlySpan<byte> body)
    {
        var partial = ProtoReader.Field(body, 1);
        return (ProtoReader.Varint(partial, 1), ProtoReader.String(partial, 2));
    }

    /// <summary><c>google.rpc.Status.message</c> (2).</summary>
    private static string? StatusMessageProtobuf(ReadOnlySpan<byte> body) => ProtoReader.String(body, 2);

    private static (long Rejected, string? Message) PartialSuccessJson(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (!document.RootElement.TryGetProperty("partialSuccess", out var partial) || partial.ValueKind != JsonValueKind.Object)
            {
                return (0, null);
            }

            long rejected = 0;
            if (partial.TryGetProperty("rejectedLogRecords", out var count))
            {
                // int64 in the protobuf JSON mapping: a string, or a number.
                _ = count.ValueKind == JsonValueKind.String
                    ? long.TryParse(count.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out rejected)
                    : count.TryGetInt64(out rejected);
            }

            return (rejected, partial.TryGetProperty("errorMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null);
        }
        catch (JsonException)
        {
            return (0, null);
        }
    }

    private static string? StatusMessageJson(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var m)
                && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return body.IsEmpty ? null : Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]);
        }
    }
}
