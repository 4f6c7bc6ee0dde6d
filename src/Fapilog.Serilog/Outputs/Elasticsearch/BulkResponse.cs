using System;
using System.Globalization;
using System.Text.Json;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Outputs.Elasticsearch;

/// <summary>
/// Reads the body of a 2xx <c>_bulk</c> response: <c>{"took":…,"errors":false|true,"items":[{"create":{…,"status":201}},…]}</c>.
/// With <c>errors</c> false the batch is delivered; otherwise item <c>i</c> answers for the batch's event <c>i</c> (items
/// come back in request order): 2xx delivered, 429 and 5xx retried, any other status rejected. A 409 (the document is
/// there already) is delivered when ids are set, since then it can only be an earlier attempt's write of this event.
/// </summary>
internal static class BulkResponse
{
    private const int MaxReasonLength = 300;

    public static DeliveryOutcome Read(ReadOnlySpan<byte> body, DeliveryBatch batch, bool conflictMeansDelivered)
    {
        var tally = new Tally();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return DeliveryOutcome.Transient("the bulk response is not a JSON object");
            }

            bool sawItems = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("errors"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.False)
                    {
                        return DeliveryOutcome.Delivered;
                    }
                }
                else if (reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    ReadItems(ref reader, batch, conflictMeansDelivered, ref tally);
                    sawItems = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!sawItems)
            {
                return DeliveryOutcome.Transient("the bulk response reports errors but no items");
            }
        }
        catch (JsonException ex)
        {
            // Cut or garbled: nothing can be told of any item, so the whole batch goes again (with ids, harmlessly).
            return DeliveryOutcome.Transient("the bulk response could not be read: " + ex.Message);
        }

        for (int i = tally.Items; i < batch.Count; i++)
        {
            // The answer said nothing of these: another try.
            batch.Retry(i);
            tally.Retried++;
            tally.FirstRetried ??= "item " + i.ToString(CultureInfo.InvariantCulture) + ": not in the response";
        }

        if (tally.Retried + tally.Rejected == 0)
        {
            return DeliveryOutcome.Delivered;
        }

        string counts = string.Create(CultureInfo.InvariantCulture, $"bulk: {tally.Rejected} rejected, {tally.Retried} to retry of {batch.Count}; ");
        return DeliveryOutcome.PerItem(counts + (tally.FirstRejected ?? tally.FirstRetried));
    }

    /// <summary>The <c>type: reason</c> of an error body (<c>{"error":{"type":…,"reason":…},"status":…}</c>), or null.</summary>
    public static string? ErrorReason(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isError)
                {
                    return ReadError(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // An excerpt cut at the read limit, or not JSON at all: no reason to tell.
        }

        return null;
    }

    private static void ReadItems(ref Utf8JsonReader reader, DeliveryBatch batch, bool conflictMeansDelivered, ref Tally tally)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("items is not an array");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            reader.Read(); // the operation's name
            reader.Read();
            int status = 0;
            string? error = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = tally.FirstRejected is null || tally.FirstRetried is null ? ReadError(ref reader) : SkipError(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            reader.Read(); // the item's end
            int i = tally.Items++;
            if (i >= batch.Count || status is >= 200 and < 300 || (status == 409 && conflictMeansDelivered))
            {
                continue;
            }

            string detail = "item " + i.ToString(CultureInfo.InvariantCulture) + ": " + status.ToString(CultureInfo.InvariantCulture) + " " + (error ?? "no error detail");
            if (status == 429 || status >= 500)
            {
                batch.Retry(i);
                tally.Retried++;
                tally.FirstRetried ??= detail;
            }
            else
            {
                batch.Reject(i);
                tally.Rejected++;
                tally.FirstRejected ??= detail;
            }
        }
    }

    private static string? SkipError(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    // At an error's value: {"type":…,"reason":…,"caused_by":{…}} (a text in some versions and proxies).
    private static string? ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return Cut(reader.GetString());
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? type = null, reason = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8) && reader.Read())
            {
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("reason"u8) && reader.Read())
            {
                reason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return type is null && reason is null ? null : Cut(type + (type is not null && reason is not null ? ": " : null) + reason);
    }

    private static string? Cut(string? text) => text is { Length: > MaxReasonLength } ? text[..MaxReasonLength] + "…" : text;

    private struct Tally
    {
        public int Items;
        public int Retried;
        public int Rejected;
        public string? FirstRetried;
        public string? FirstRejected;
    }
}
