using System;
using System.Buffers.Binary;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Fapilog.Serilog.PostgreSql.Tests.Support;

/// <summary>
/// A TCP proxy on loopback in front of a PostgreSQL server that loses one answer after the server committed: it reads
/// the server's messages (type byte, length, body), and the first <c>CommandComplete</c> of a <c>COPY</c> it sees it
/// does not pass on; it cuts both connections instead. PostgreSQL commits a statement of a simple query before it sends
/// that message, so the client sees a broken connection for rows that are stored: the lost answer a resend follows.
/// </summary>
/// <remarks>Connections through it must not ask for TLS (<c>SSL Mode=Disable</c>): the proxy reads the server's messages from the first byte.</remarks>
internal sealed class AnswerCuttingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private int _armed = 1;
    private int _cuts;

    public AnswerCuttingProxy(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many answers were cut (at most one).</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Relay(client));
        }
    }

    private async Task Relay(TcpClient client)
    {
        using var server = new TcpClient();
        using (client)
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _serverPort);
                var toServer = client.GetStream().CopyToAsync(server.GetStream());
                var toClient = ServerToClient(server.GetStream(), client.GetStream());
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // One side closed: the other goes with it.
            }
        }
    }

    private async Task ServerToClient(Stream from, Stream to)
    {
        var header = new byte[5];
        while (true)
        {
            await from.ReadExactlyAsync(header);
            int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
            var body = new byte[length - 4];
            await from.ReadExactlyAsync(body);
            if (header[0] == (byte)'C' && body.AsSpan().StartsWith("COPY "u8) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Interlocked.Increment(ref _cuts);
                return;
            }

            await to.WriteAsync(header);
            await to.WriteAsync(body);
        }
    }
}
