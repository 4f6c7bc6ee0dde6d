using System.IO;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace MyOutput;

/// <summary>Writes each batch to a stream, one record a line.</summary>
public sealed class StreamTransport : FapilogDeliveryTransport
{
    private static readonly byte[] NewLine = { (byte)'\n' };
    private readonly Stream _stream;

    /// <summary>A transport that writes to <paramref name="stream"/> and disposes it at the output's close.</summary>
    /// <param name="stream">The stream.</param>
    public StreamTransport(Stream stream) => _stream = stream;

    /// <inheritdoc/>
    public override FapilogDeliveryOutcome Send(FapilogDeliveryBatch batch, CancellationToken cancel)
    {
        try
        {
            for (int i = 0; i < batch.Count; i++)
            {
                _stream.Write(batch[i]);
                _stream.Write(NewLine);
            }

            _stream.Flush();
            return FapilogDeliveryOutcome.Delivered;
        }
        catch (IOException e)
        {
            return FapilogDeliveryOutcome.Transient("IOException: " + e.Message);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
