using System;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Syslog;

/// <summary>The syslog output over UDP (one message per datagram) to a real rsyslogd of this class's own.</summary>
public sealed class SyslogUdpTests : IClassFixture<RsyslogPlainFixture>
{
    private readonly RsyslogServer _server;

    public SyslogUdpTests(RsyslogPlainFixture fixture) => _server = fixture.Server;

    [Fact]
    public void EveryEventArrives_AsOneDatagramEach()
    {
        const string App = "udp-all";
        using (var output = SyslogTesting.Create(SyslogTesting.Options(_server, App, FapilogSyslogTransport.Udp)))
        {
            FastDelivery.EmitNumbered(output, 50);
        }

        // Loopback drops nothing at this rate; UDP itself promises no order, so the set is compared.
        var received = _server.WaitFor(App, 50);
        Assert.Equal(Enumerable.Range(1, 50), received.Select(m => m.Number).Order());
        Assert.All(received, m => Assert.Equal(("imudp", 14, "INFO"), (m.Input, m.Pri, m.Param("level"))));
    }

    [Fact]
    public void ALongMessage_IsCutToTheDatagramLimit_BeforeACharacterThatWouldNotFit()
    {
        const string App = "udp-long";
        var options = SyslogTesting.Options(_server, App, FapilogSyslogTransport.Udp);
        options.UdpDatagramLimit = 1000;
        using (var output = SyslogTesting.Create(options))
        {
            // 'é' is two bytes: wherever the limit falls, a cut in the middle of one is moved before it.
            output.EmitBatch(Batches.Of(
                Some.Event(template: "Event {N} " + new string('é', 3000), properties: [("N", 1)]),
                Some.Event(template: "Event {N} x" + new string('é', 3000), properties: [("N", 2)]),
                Some.Event(template: "Event {N} short", properties: [("N", 3)])));
        }

        var received = _server.WaitFor(App, 3);
        Assert.Equal([1, 2, 3], received.Select(m => m.Number).Order());
        foreach (var m in received.Where(m => m.Number < 3))
        {
            int bytes = Encoding.UTF8.GetByteCount(m.Raw);
            Assert.InRange(bytes, 999, 1000);
            Assert.DoesNotContain('\uFFFD', m.Raw);
            Assert.StartsWith("Event " + m.Number + " ", m.Msg.TrimStart(), StringComparison.Ordinal);
            Assert.EndsWith("é", m.Msg, StringComparison.Ordinal);
        }

        Assert.Equal("Event 3 short", received.Single(m => m.Number == 3).Msg.TrimStart());
    }

    [Fact]
    public void WhenTheStructuredDataAloneIsOverTheLimit_ItIsReplacedWithNil_AndTheMessageStillParses()
    {
        const string App = "udp-big-sd";
        var options = SyslogTesting.Options(_server, App, FapilogSyslogTransport.Udp);
        options.UdpDatagramLimit = 600;
        using (var output = SyslogTesting.Create(options))
        {
            output.EmitBatch(Batches.Of(Some.Event(template: "Big context", properties: [("N", 1), ("Blob", new string('b', 5000))])));
        }

        var m = Assert.Single(_server.WaitFor(App, 1));
        Assert.Equal("-", m.StructuredData);
        Assert.Equal("Big context", m.Msg.TrimStart());
        Assert.Equal((App, "test-host", 14), (m.AppName, m.Hostname, m.Pri));
    }
}
