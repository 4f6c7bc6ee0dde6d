using System.Buffers;
using System.Linq;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Syslog;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>
/// One TLS connection to a real rsyslogd (GnuTLS) carries batch after batch: what the server sends after the handshake
/// (TLS 1.3 session tickets) is not taken for its close, which would reconnect and replay every batch.
/// </summary>
public sealed class SyslogTlsConnectionTests : IClassFixture<RsyslogTlsFixture>
{
    private readonly RsyslogServer _server;

    public SyslogTlsConnectionTests(RsyslogTlsFixture fixture) => _server = fixture.Server;

    [Fact]
    public void BatchAfterBatch_GoOnOneConnection_AndNothingIsReplayed()
    {
        const string App = "tls-one-connection";
        var tls = _server.Tls!;
        var options = SyslogTesting.Options(_server, App, FapilogSyslogTransport.Tls);
        options.TlsCaFile = tls.CaFile;
        options.TlsClientCertificateFile = tls.ClientCertificateFile;
        options.TlsClientKeyFile = tls.ClientKeyFile;
        options.TlsServerName = "localhost";
        var formatter = new SyslogRecordFormatter(options);
        using var transport = new SyslogStreamTransport(options, FapilogSyslogOutput.Options);
        using var batch = new DeliveryBatch();
        for (int n = 1; n <= 4; n++)
        {
            batch.Clear();
            var record = new ArrayBufferWriter<byte>();
            formatter.Format(Batches.Numbered(n, 1)[0], record);
            batch.Add(record.WrittenSpan, isProtected: false, fromSpool: false);
            batch.Changed();
            Assert.Equal(DeliveryOutcomeKind.Delivered, transport.Send(batch, CancellationToken.None).Kind);

            // The server has read it: whatever it sends after the handshake is on the socket by now.
            _server.WaitFor(App, n);
        }

        Assert.Equal((1, 0), (transport.Connections, transport.Replays));
        Assert.Equal(Enumerable.Range(1, 4), _server.Messages(App).Select(m => m.Number));
    }
}
