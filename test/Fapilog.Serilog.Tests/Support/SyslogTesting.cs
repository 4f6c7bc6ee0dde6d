using System;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Syslog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>One rsyslogd with plain TCP and UDP inputs for a whole test class.</summary>
public sealed class RsyslogPlainFixture : IDisposable
{
    internal RsyslogServer Server { get; } = RsyslogServer.StartPlain();

    public void Dispose() => Server.Dispose();
}

/// <summary>One rsyslogd with a TLS input that requires a client certificate of its CA, for a whole test class.</summary>
public sealed class RsyslogTlsFixture : IDisposable
{
    internal RsyslogServer Server { get; } = RsyslogServer.StartTls(requireClientCertificate: true);

    public void Dispose() => Server.Dispose();
}

/// <summary>The syslog tests' outputs: options aimed at a test server, quick delivery, a name of the test's own.</summary>
internal static class SyslogTesting
{
    public static FapilogSyslogOptions Options(RsyslogServer server, string app, FapilogSyslogTransport transport = FapilogSyslogTransport.Tcp)
    {
        var options = new FapilogSyslogOptions
        {
            Host = "127.0.0.1",
            Port = transport == FapilogSyslogTransport.Udp ? server.UdpPort : server.TcpPort,
            Transport = transport,
            AppName = app,
            Hostname = "test-host",
        };
        FastDelivery.Apply(options.Delivery);
        return options;
    }

    public static DeliveryOutput Create(FapilogSyslogOptions options) =>
        FapilogSyslogOutput.Create(options, LogEventLevel.Verbose, FapilogSyslogOutput.Options);
}
