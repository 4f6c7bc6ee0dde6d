using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>Configuring the syslog output from code and from <c>appsettings.json</c>, delivering to a real rsyslogd of this class's own.</summary>
public sealed class FapilogSyslogConfigurationTests : IClassFixture<RsyslogPlainFixture>
{
    private const string Host = "\"host\": \"127.0.0.1\"";
    private readonly RsyslogServer _server;

    public FapilogSyslogConfigurationTests(RsyslogPlainFixture fixture) => _server = fixture.Server;

    [Fact]
    public void FapilogSyslog_FromCode_InsideAPipeline_DeliversEveryEventAtClose()
    {
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogSyslog("127.0.0.1", _server.TcpPort, facility: FapilogSyslogFacility.Local3, appName: "from-code"))
            .CreateLogger())
        {
            for (int n = 1; n <= 20; n++)
            {
                logger.Warning("Event {N}", n);
            }

            logger.Audit("Audit {N}", 21);
        }

        var received = _server.WaitFor("from-code", 21);
        Assert.Equal(Enumerable.Range(1, 21), received.Select(m => m.Number));
        Assert.All(received.Take(20), m => Assert.Equal((19, 4), (m.Facility, m.Severity)));
        Assert.Equal((10, 5, "AUDIT"), (received[20].Facility, received[20].Severity, received[20].Param("level")));
    }

    [Fact]
    public void FapilogSyslog_FromAppSettings_BindsEveryArgument()
    {
        string json = AppSettings.WriteTo($$"""
            {
              "Name": "Fapilog",
              "Args": {
                "configure": [
                  {
                    "Name": "FapilogSyslog",
                    "Args": {
                      "host": "127.0.0.1",
                      "port": "{{_server.UdpPort}}",
                      "transport": "udp",
                      "facility": "local7",
                      "auditFacility": "auth",
                      "appName": "from-json",
                      "hostname": "json-host",
                      "msgIdProperty": "Operation",
                      "structuredDataId": "ours@99999.1",
                      "includeProperties": "false",
                      "udpDatagramLimit": "1200",
                      "tcpReplayBytes": "0",
                      "connectTimeout": "00:00:05",
                      "writeTimeout": "00:00:05",
                      "name": "syslog-json",
                      "delivery": { "batchSizeLimit": 5, "closeTimeout": "00:00:10" },
                      "restrictedToMinimumLevel": "Information"
                    }
                  }
                ]
              }
            }
            """);

        using (var logger = AppSettings.Read(json).CreateLogger())
        {
            logger.Debug("Not sent {N}", 0);
            for (int n = 1; n <= 6; n++)
            {
                logger.Information("Event {N} {Operation}", n, "checkout");
            }

            logger.Security("Security {N} {Operation}", 7, "login");
            logger.Information("Long {Text}", new string('x', 3000));
        }

        var received = _server.WaitFor("from-json", 8);
        Assert.Equal(8, received.Count);
        Assert.All(received, m => Assert.Equal(("imudp", "json-host"), (m.Input, m.Hostname)));
        Assert.All(received.Take(6), m => Assert.Equal((23, 6, "checkout"), (m.Facility, m.Severity, m.MsgId)));
        Assert.Contains(received, m => (m.Facility, m.Severity, m.MsgId) == (4, 1, "login"));

        // The SD-ID given, and no properties (includeProperties false): only the context parameters.
        Assert.All(received, m => Assert.Equal(["ours@99999.1"], m.Elements().Keys));
        Assert.All(received, m => Assert.Null(m.Param("N", "ours@99999.1")));
        Assert.Equal(1200, received.Max(m => System.Text.Encoding.UTF8.GetByteCount(m.Raw)));
    }

    [Theory]
    [InlineData("transport", "\"Relp\"", "Tcp, Tls, Udp")]
    [InlineData("facility", "\"kernel\"", "Kern, User, Mail")]
    [InlineData("port", "\"70000\"", "1 to 65535")]
    [InlineData("port", "\"five\"", "1 to 65535")]
    [InlineData("udpDatagramLimit", "\"100\"", "480 to 65507")]
    [InlineData("appName", "\"my app\"", "1 to 48 printable ASCII characters without spaces")]
    [InlineData("structuredDataId", "\"fapilog\"", "name@enterprise-number")]
    [InlineData("includeProperties", "\"yes\"", "true, false")]
    [InlineData("writeTimeout", "\"30\"", "time spans written")]
    [InlineData("tlsCaFile", "\"/nonexistent/ca.pem\"", "the path of an existing PEM file")]
    public void FapilogSyslog_FromAppSettings_WithAWrongValue_FailsNamingTheArgumentAndTheValidValues(string argument, string value, string valid)
    {
        string transport = argument == "tlsCaFile" ? ", \"transport\": \"Tls\"" : string.Empty;
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogSyslog", "Args": { {{Host}}{{transport}}, "{{argument}}": {{value}} } }"""));
        Assert.Equal(argument, ex.ParamName);
        Assert.StartsWith($"Fapilog: WriteTo.FapilogSyslog argument '{argument}' has the value '", ex.Message, StringComparison.Ordinal);
        Assert.Contains(valid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogSyslog_FromAppSettings_WithoutAHost_OrWithAnUnknownArgument_FailsNamingIt()
    {
        var missing = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogSyslog", "Args": { "port": "514" } }"""));
        var unknown = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogSyslog", "Args": { {{Host}}, "severity": "Info" } }"""));
        var delivery = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogSyslog", "Args": { {{Host}}, "delivery": { "batchSize": 5 } } }"""));

        Assert.Equal("Fapilog: WriteTo.FapilogSyslog argument 'host' has no value; valid values are a host name or IP address such as 127.0.0.1 or logs.example.com.", missing.Message.Split(" (Parameter", 2)[0]);
        Assert.Contains("WriteTo.FapilogSyslog argument 'severity' is unknown", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("udpDatagramLimit", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'delivery.batchSize' is not a delivery option", delivery.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogSyslog_WithABadOption_NamesItAsAPropertyOfTheOptions()
    {
        using var folder = new TempFolder();
        string notPem = folder.File("not.pem");
        File.WriteAllText(notPem, "not a certificate");
        var cases = new (Action<FapilogSyslogOptions> Change, string Message)[]
        {
            (o => o.Port = 0, "Fapilog: FapilogSyslogOptions.Port has the value '0'"),
            (o => o.Delivery.BatchSizeLimit = 0, "Fapilog: FapilogSyslogOptions.Delivery.BatchSizeLimit has the value '0'"),
            (o => o.TlsServerName = "localhost", "Fapilog: FapilogSyslogOptions.Transport has the value 'Tcp'; valid values are Tls when"),
            (o => (o.Transport, o.TlsCaFile) = (FapilogSyslogTransport.Tls, notPem), "Fapilog: FapilogSyslogOptions.TlsCaFile has the value '" + notPem + "'; valid values are a PEM file holding at least one CA certificate"),
            (o => (o.Transport, o.TlsClientCertificateFile) = (FapilogSyslogTransport.Tls, notPem), "Fapilog: FapilogSyslogOptions.TlsClientCertificateFile has the value '" + notPem + "'"),
        };
        foreach (var (change, message) in cases)
        {
            var options = new FapilogSyslogOptions { Host = "127.0.0.1" };
            change(options);
            var ex = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogSyslog(options));
            Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FapilogSyslogOptions_Defaults_AreTheDocumentedOnes()
    {
        var o = new FapilogSyslogOptions();
        Assert.Equal((FapilogSyslogTransport.Tcp, FapilogSyslogFacility.User, FapilogSyslogFacility.Authpriv), (o.Transport, o.Facility, o.AuditFacility));
        Assert.Equal(("fapilog@32473", true, 2048, 256 * 1024), (o.StructuredDataId, o.IncludeProperties, o.UdpDatagramLimit, o.TcpReplayBytes));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), "syslog"), (o.ConnectTimeout, o.WriteTimeout, o.Name));
        Assert.Equal((514, 6514, 514), (Port(FapilogSyslogTransport.Tcp), Port(FapilogSyslogTransport.Tls), Port(FapilogSyslogTransport.Udp)));

        static int Port(FapilogSyslogTransport t) => new FapilogSyslogOptions { Transport = t }.EffectivePort;
    }
}
