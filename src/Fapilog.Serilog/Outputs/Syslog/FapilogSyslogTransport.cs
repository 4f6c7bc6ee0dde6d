namespace Fapilog.Serilog;

/// <summary>How the syslog output reaches its server.</summary>
public enum FapilogSyslogTransport
{
    /// <summary>TCP with octet-counting framing (RFC 6587): each message is sent as <c>LENGTH SP MESSAGE</c>.</summary>
    Tcp,

    /// <summary>TLS (RFC 5425) over TCP, with the same octet-counting framing; the server's certificate is validated.</summary>
    Tls,

    /// <summary>UDP (RFC 5426): one message per datagram, cut to <see cref="FapilogSyslogOptions.UdpDatagramLimit"/>; nothing is acknowledged.</summary>
    Udp,
}
