using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// POSTs one batch to the collector's <c>/v1/logs</c> as an <c>ExportLogsServiceRequest</c>: the batch's records
/// behind the resource and scope of <see cref="OtlpRequestFrame"/>, in protobuf or JSON, gzipped when asked;
/// <see cref="OtlpResponse"/> says what the answer means.
/// </summary>
/// <remarks>The body is built once per batch version into reused buffers, so a retry sends the same bytes.</remarks>
internal sealed class OtlpTransport : IDeliveryTransport
{
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("Fapilog.Serilog", OtlpResource.Version);

    private readonly HttpPoster _poster;
    private readonly OtlpRequestFrame _frame;
    private readonly bool _json;

    // The delivery thread's own: the body of the batch in flight, and its record count for a partial-success report.
    private readonly RequestBody _body;
    private int _records;

    public OtlpTransport(FapilogOtlpOptions options)
    {
        string name = options.Name;
        _json = options.Protocol == FapilogOtlpProtocol.HttpJson;
        _body = new RequestBody(options.Compression == FapilogOtlpCompression.Gzip);
        _frame = new OtlpRequestFrame(OtlpResource.Attributes(options, name), OtlpResource.ScopeName, OtlpResource.Version);
        _poster = new HttpPoster(
            options,
            options.LogsUrl(),
            readSuccess: (response, cancel) => OtlpResponse.ReadSuccess(response, name, _records, cancel),
            // OTLP's own rules replace the generic classification of every answer that is not 2xx.
            readFailure: static (response, _, cancel) => OtlpResponse.Classify(response, cancel));
    }

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        if (!_body.IsFor(batch))
        {
            if (_json)
            {
                _frame.BuildJson(batch, _body);
            }
            else
            {
                _frame.BuildProtobuf(batch, _body);
            }

            _records = batch.Count;
        }

        return _poster.Post(_body, _json ? Json : Protobuf, cancel, AddUserAgent);
    }

    public void Dispose()
    {
        _poster.Dispose();
        _body.Dispose();
    }

    // A configured User-Agent header comes first and stays; ours is added after it, as HTTP allows.
    private static void AddUserAgent(HttpRequestMessage request, System.ReadOnlyMemory<byte> body) => request.Headers.UserAgent.Add(UserAgent);
}
