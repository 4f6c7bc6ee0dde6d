using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using Google.Protobuf;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A loopback OTLP/HTTP logs receiver that parses and counts what it takes: the <see cref="LoopbackReceiver"/> (its
/// Kestrel server and fault injection) answering as a collector does, with the protobuf or JSON
/// <c>ExportLogsServiceResponse</c> of the request's own encoding, a partial success when one is queued. For
/// correctness against a real receiver see <see cref="AspireDashboard"/>; this one is for faults and throughput.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly Queue<(long Rejected, string Message)> _partial = new();

    private OtlpReceiver(LoopbackReceiver inner)
    {
        Inner = inner;
        inner.Reply = Answer;
    }

    public LoopbackReceiver Inner { get; }

    /// <summary>The collector's base URL (the output adds <c>/v1/logs</c>).</summary>
    public string BaseUrl => Inner.Url.GetLeftPart(UriPartial.Authority);

    public static async Task<OtlpReceiver> StartAsync() => new(await LoopbackReceiver.StartAsync("/v1/logs"));

    /// <summary>The next accepted request is answered with a partial success rejecting <paramref name="rejected"/> records.</summary>
    public void PartialSuccessNext(long rejected, string message)
    {
        lock (_partial)
        {
            _partial.Enqueue((rejected, message));
        }
    }

    /// <summary>Every record of every accepted request, in arrival order.</summary>
    public IReadOnlyList<OtlpRecord> Records => Inner.Accepted.SelectMany(Decode).ToList();

    /// <summary>The <c>N</c> attribute of every record accepted (events built by <see cref="Some.Numbered"/>).</summary>
    public IReadOnlyList<int> Numbers => Records.Select(r => (int)(long)r["N"]!).ToList();

    public static byte[] Body(LoopbackReceiver.Request request)
    {
        if (request.Headers.TryGetValue("Content-Encoding", out var encoding) && encoding == "gzip")
        {
            using var gzip = new GZipStream(new MemoryStream(request.Body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }

        return request.Body;
    }

    public static bool IsJson(LoopbackReceiver.Request request) => request.Headers["Content-Type"].StartsWith("application/json", StringComparison.Ordinal);

    public static List<OtlpRecord> Decode(LoopbackReceiver.Request request) =>
        IsJson(request) ? OtlpDecoder.Json(Body(request)) : OtlpDecoder.Protobuf(Body(request));

    public ValueTask DisposeAsync() => Inner.DisposeAsync();

    /// <summary>A Status body for an error answer: <c>google.rpc.Status { code = 3, message }</c>.</summary>
    public static byte[] StatusBody(string message)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt32(3);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(message);
        output.Flush();
        return stream.ToArray();
    }

    private (byte[] Body, string ContentType)? Answer(LoopbackReceiver.Request request)
    {
        (long Rejected, string Message)? partial = null;
        lock (_partial)
        {
            if (_partial.Count > 0)
            {
                partial = _partial.Dequeue();
            }
        }

        if (IsJson(request))
        {
            string json = partial is { } p
                ? $"{{\"partialSuccess\":{{\"rejectedLogRecords\":\"{p.Rejected}\",\"errorMessage\":\"{p.Message}\"}}}}"
                : "{}";
            return (System.Text.Encoding.UTF8.GetBytes(json), "application/json");
        }

        using var stream = new MemoryStream();
        if (partial is { } q)
        {
            // ExportLogsServiceResponse { partial_success (1): { rejected_log_records (1), error_message (2) } }
            using var inner = new MemoryStream();
            var i = new CodedOutputStream(inner);
            i.WriteTag(1, WireFormat.WireType.Varint);
            i.WriteInt64(q.Rejected);
            i.WriteTag(2, WireFormat.WireType.LengthDelimited);
            i.WriteString(q.Message);
            i.Flush();
            var o = new CodedOutputStream(stream);
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
            o.Flush();
        }

        return (stream.ToArray(), "application/x-protobuf");
    }
}
