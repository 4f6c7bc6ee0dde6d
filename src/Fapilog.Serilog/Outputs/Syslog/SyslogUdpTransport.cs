using System;
using System.Net.Sockets;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// Sends each event as one UDP datagram (RFC 5426), cut to <see cref="FapilogSyslogOptions.UdpDatagramLimit"/> bytes.
/// Nothing is acknowledged: a datagram the network or the server drops is gone, and the output counts it delivered.
/// Only a local send error (and an ICMP "port unreachable" the system reports on a later send) is seen: the events from
/// the one that failed on are sent again.
/// </summary>
internal sealed class SyslogUdpTransport : IDeliveryTransport
{
    private readonly FapilogSyslogOptions _options;
    private readonly byte[] _scratch;
    private Socket? _socket;

    public SyslogUdpTransport(FapilogSyslogOptions options)
    {
        _options = options;
        _scratch = new byte[options.UdpDatagramLimit];
    }

    /// <summary>How many datagrams were cut to the limit.</summary>
    internal long Truncated { get; private set; }

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        int i = 0;
        try
        {
            var socket = _socket ?? Connect(cancel);
            for (; i < batch.Count; i++)
            {
                var message = SyslogFrames.Message(batch[i]);
                var datagram = SyslogFrames.Datagram(message, _options.UdpDatagramLimit, _scratch);
                Truncated += datagram.Length < message.Length ? 1 : 0;
                socket.Send(datagram);
            }

            return DeliveryOutcome.Delivered;
        }
#pragma warning disable CA1031 // Every failure of a send is an outcome: the delivery stage retries it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _socket?.Dispose();
            _socket = null;
            string error = "syslog Udp to " + _options.Host + ":" + _options.EffectivePort + " failed: " + ex.GetType().Name + ": " + ex.Message;
            if (i == 0)
            {
                return DeliveryOutcome.Transient(error);
            }

            for (int j = i; j < batch.Count; j++)
            {
                batch.Retry(j);
            }

            return DeliveryOutcome.PerItem(error);
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private Socket Connect(CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Connected, so that the system reports an ICMP "port unreachable" as an error of a later send.
            socket.ConnectAsync(_options.Host, _options.EffectivePort, timeout.Token).AsTask().GetAwaiter().GetResult();
            _socket = socket;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
