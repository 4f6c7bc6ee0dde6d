using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// Sends batches over TCP or TLS as octet-counted frames (RFC 6587, RFC 5425), on one connection kept open between
/// batches.
/// </summary>
/// <remarks>
/// <para>Plain syslog over TCP acknowledges nothing: a write succeeds once the bytes are in the local socket buffer. So
/// before each batch the connection is polled: a syslog server never sends on it, so anything readable is its close (an
/// end of stream, a reset, a TLS close alert), and the connection is replaced instead of written into. A write that
/// fails drops the connection and is a transient outcome: the delivery stage sends the batch again.</para>
/// <para>What a server took into its socket buffer but had not read when it went away is lost with the connection,
/// and nothing tells which bytes those were. So the transport keeps the frames of the last batches it wrote, up to
/// <see cref="FapilogSyslogOptions.TcpReplayBytes"/>, and writes them again first on the next connection whenever the
/// previous one ended other than by our close: delivery is at-least-once, and a server restart shows duplicates.</para>
/// </remarks>
internal sealed partial class SyslogStreamTransport : IDeliveryTransport
{
    private readonly FapilogSyslogOptions _options;
    private readonly SyslogReplay _replay;
    private readonly PooledByteBuffer _frames = new();
    private long _builtVersion = -1;
    private Socket? _socket;
    private Stream? _stream;
    private bool _disposed;

    public SyslogStreamTransport(FapilogSyslogOptions options, OptionNaming naming)
    {
        _options = options;
        _replay = new SyslogReplay(options.TcpReplayBytes);
        if (options.Transport == FapilogSyslogTransport.Tls)
        {
            (_authorities, _clientCertificate) = LoadTls(options, naming);
        }
    }

    /// <summary>How many connections were opened (the first included).</summary>
    internal int Connections { get; private set; }

    /// <summary>How many times frames already written were written again on a new connection.</summary>
    internal int Replays { get; private set; }

    public DeliveryOutcome Send(DeliveryBatch batch, CancellationToken cancel)
    {
        if (_builtVersion != batch.Version)
        {
            _frames.Clear();
            for (int i = 0; i < batch.Count; i++)
            {
                SyslogFrames.AppendOctetCounted(SyslogFrames.Message(batch[i]), _frames);
            }

            _builtVersion = batch.Version;
        }

        try
        {
            if (_socket is not null && PeerClosed(_socket))
            {
                Drop(lost: true);
            }

            var stream = _stream ?? Connect(cancel);
            using (cancel.Register(static s => ((Socket)s!).Dispose(), _socket))
            {
                if (_replay.Pending)
                {
                    _replay.WriteTo(stream);
                    Replays++;
                }

                stream.Write(_frames.WrittenSpan);
                stream.Flush();
            }

            _replay.Remember(_frames.WrittenSpan);
            return DeliveryOutcome.Delivered;
        }
#pragma warning disable CA1031 // Every failure of a send is an outcome: the delivery stage retries it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Drop(lost: true);
            return DeliveryOutcome.Transient(Describe(ex));
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Drop(lost: false);
        _frames.Dispose();
        DisposeTls();
    }

    /// <summary>True when the server closed the connection (or sent something, which a syslog server never does).</summary>
    private static bool PeerClosed(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) || socket.Poll(0, SelectMode.SelectError);
        }
        catch (SocketException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private Stream Connect(CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.ConnectAsync(_options.Host, _options.EffectivePort, timeout.Token).AsTask().GetAwaiter().GetResult();
            socket.SendTimeout = (int)Math.Min(int.MaxValue, _options.WriteTimeout.TotalMilliseconds);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Transport == FapilogSyslogTransport.Tls)
            {
                stream = Authenticate(stream, timeout.Token);
            }

            Connections++;
            _socket = socket;
            _stream = stream;
            return stream;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Drop(bool lost)
    {
        if (_socket is null)
        {
            return;
        }

        if (lost)
        {
            _replay.MarkPending();
        }

        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
        _socket = null;
        _stream = null;
    }

    private string Describe(Exception ex)
    {
        var inner = ex is IOException { InnerException: { } i } ? i : ex;
        return "syslog " + _options.Transport + " to " + _options.Host + ":" + _options.EffectivePort + " failed: "
            + inner.GetType().Name + ": " + inner.Message;
    }
}
