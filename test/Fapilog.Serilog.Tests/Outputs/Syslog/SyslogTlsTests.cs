using System;
using System.Linq;
using System.Threading;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>
/// The syslog output over TLS to a real rsyslogd (GnuTLS) of this class's own, whose certificate a test CA issued and
/// which requires a client certificate of the same CA.
/// </summary>
public sealed class SyslogTlsTests : IClassFixture<RsyslogTlsFixture>
{
    private readonly RsyslogServer _server;

    public SyslogTlsTests(RsyslogTlsFixture fixture) => _server = fixture.Server;

    private RsyslogTls Tls => _server.Tls!;

    [Fact]
    public void WithTheCaFile_AndAClientCertificate_EveryEventArrives_InOrder()
    {
        const string App = "tls-ok";
        var options = TlsOptions(App);
        options.TlsServerName = "localhost";
        using (var output = SyslogTesting.Create(options))
        {
            FastDelivery.EmitNumbered(output, 100, perBatch: 9);
            output.FlushDeep();
            Assert.Equal(100, output.Snapshot().Delivered);
        }

        var received = _server.WaitFor(App, 100);
        Assert.Equal(Enumerable.Range(1, 100), received.Select(m => m.Number));
        Assert.All(received, m => Assert.Equal(("imtcp", "test-host", "INFO"), (m.Input, m.Hostname, m.Param("level"))));
    }

    [Fact]
    public void TheHostAsTheServerName_IsCheckedAgainstTheCertificatesIpAddress()
    {
        const string App = "tls-ip";
        using (var output = SyslogTesting.Create(TlsOptions(App)))
        {
            FastDelivery.EmitNumbered(output, 5);
        }

        Assert.Equal(Enumerable.Range(1, 5), _server.WaitFor(App, 5).Select(m => m.Number));
    }

    [Fact]
    public void AServerCertificateOfAnotherCa_IsRefused_AndNothingIsSent()
        => AssertRefused("tls-other-ca", o => o.TlsCaFile = Tls.OtherCaFile);

    [Fact]
    public void TheSystemTrustStore_DoesNotTrustTheTestCa()
        => AssertRefused("tls-system-store", o => o.TlsCaFile = null);

    [Fact]
    public void AServerNameTheCertificateIsNotIssuedTo_IsRefused()
        => AssertRefused("tls-wrong-name", o => o.TlsServerName = "other.example");

    private FapilogSyslogOptions TlsOptions(string app)
    {
        var options = SyslogTesting.Options(_server, app, FapilogSyslogTransport.Tls);
        options.TlsCaFile = Tls.CaFile;
        options.TlsClientCertificateFile = Tls.ClientCertificateFile;
        options.TlsClientKeyFile = Tls.ClientKeyFile;
        return options;
    }

    private void AssertRefused(string app, Action<FapilogSyslogOptions> change)
    {
        var options = TlsOptions(app);
        change(options);
        options.Delivery.CloseTimeout = TimeSpan.FromMilliseconds(300);
        using (var output = SyslogTesting.Create(options))
        {
            FastDelivery.EmitNumbered(output, 5);
            Assert.True(SpinWait.SpinUntil(() => output.Snapshot().Requests >= 3, TimeSpan.FromSeconds(30)), output.Snapshot().ToString());
            var stats = output.Snapshot();
            Assert.Equal(0, stats.Delivered);
            Assert.Contains("Authentication", stats.LastError, StringComparison.OrdinalIgnoreCase);
        }

        // A known event of a trusted output afterwards is there: had the refused ones been sent, they would be too.
        var check = TlsOptions(app);
        using (var output = SyslogTesting.Create(check))
        {
            output.EmitBatch(Batches.Numbered(99, 1));
        }

        Assert.Equal([99], _server.WaitFor(app, 1).Select(m => m.Number));
    }
}
