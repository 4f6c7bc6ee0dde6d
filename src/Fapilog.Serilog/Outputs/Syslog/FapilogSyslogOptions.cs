using System;

namespace Fapilog.Serilog;

/// <summary>
/// Options of the syslog output (<c>WriteTo.FapilogSyslog(...)</c>): the server, the transport (TCP, TLS or UDP), the
/// RFC 5424 header fields, the structured data, the TLS trust, and how to deliver (<see cref="Delivery"/>, shared with
/// the other network outputs).
/// </summary>
public sealed partial class FapilogSyslogOptions
{
    /// <summary>The default <see cref="StructuredDataId"/>: <c>fapilog@32473</c> (32473 is the enterprise number RFC 5612 reserves for examples).</summary>
    public const string DefaultStructuredDataId = "fapilog@32473";

    /// <summary>The default <see cref="UdpDatagramLimit"/>: 2048 bytes, the size RFC 5426 says every receiver should take.</summary>
    public const int DefaultUdpDatagramLimit = 2048;

    /// <summary>The default <see cref="TcpReplayBytes"/>: 256 KiB.</summary>
    public const int DefaultTcpReplayBytes = 256 * 1024;

    /// <summary>The syslog server's host name or IP address, such as <c>127.0.0.1</c>. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The server's port; <see langword="null"/> for the transport's usual one: 514 for TCP and UDP, 6514 for TLS. The default is <see langword="null"/>.</summary>
    public int? Port { get; set; }

    /// <summary>TCP (octet-counting framing), TLS, or UDP. The default is <see cref="FapilogSyslogTransport.Tcp"/>.</summary>
    public FapilogSyslogTransport Transport { get; set; } = FapilogSyslogTransport.Tcp;

    /// <summary>The facility of every event below AUDIT. The default is <see cref="FapilogSyslogFacility.User"/>.</summary>
    public FapilogSyslogFacility Facility { get; set; } = FapilogSyslogFacility.User;

    /// <summary>
    /// The facility of AUDIT and SECURITY events (sent with severity notice and alert). The default is
    /// <see cref="FapilogSyslogFacility.Authpriv"/>, which syslog daemons keep out of world-readable files.
    /// </summary>
    public FapilogSyslogFacility AuditFacility { get; set; } = FapilogSyslogFacility.Authpriv;

    /// <summary>The APP-NAME field (at most 48 printable ASCII characters; longer is cut); <see langword="null"/> for the process's name. The default is <see langword="null"/>.</summary>
    public string? AppName { get; set; }

    /// <summary>The HOSTNAME field (at most 255 printable ASCII characters); <see langword="null"/> for the machine name. The default is <see langword="null"/>.</summary>
    public string? Hostname { get; set; }

    /// <summary>
    /// The event property whose value becomes the MSGID field (printable ASCII, cut to 32 characters); an event without
    /// it, and <see langword="null"/> here, send the NILVALUE <c>-</c>. The default is <see langword="null"/>.
    /// </summary>
    public string? MsgIdProperty { get; set; }

    /// <summary>
    /// The SD-ID of the structured data element that carries the event's context (<c>name@enterprise-number</c>). The
    /// default, <c>fapilog@32473</c>, uses the documentation enterprise number; an organisation with its own private
    /// enterprise number should put it here.
    /// </summary>
    public string StructuredDataId { get; set; } = DefaultStructuredDataId;

    /// <summary>Whether the event's properties are sent as parameters of the structured data element (besides its context). The default is <see langword="true"/>.</summary>
    public bool IncludeProperties { get; set; } = true;

    /// <summary>The largest UDP datagram, in bytes, from 480 to 65507; a longer message is cut (see the syslog output's documentation). The default is 2048.</summary>
    public int UdpDatagramLimit { get; set; } = DefaultUdpDatagramLimit;

    /// <summary>
    /// TCP and TLS: how many bytes of the last batches sent on a connection are sent again, first, on the next
    /// connection when the previous one was found closed by the server (plain TCP acknowledges nothing, so what the server
    /// had not read when it went away would otherwise be lost; the replay makes delivery at-least-once, with duplicates).
    /// 0 turns it off. The default is 256 KiB.
    /// </summary>
    public int TcpReplayBytes { get; set; } = DefaultTcpReplayBytes;

    /// <summary>TLS: a PEM file of the certificate authorities the server's certificate must chain to; <see langword="null"/> for the system's trust store. The default is <see langword="null"/>.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>TLS: the name the server's certificate must be issued to; <see langword="null"/> for <see cref="Host"/>. The default is <see langword="null"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>TLS: a PEM file of the client certificate to present (with <see cref="TlsClientKeyFile"/>); <see langword="null"/> for none. The default is <see langword="null"/>.</summary>
    public string? TlsClientCertificateFile { get; set; }

    /// <summary>TLS: the PEM file of the client certificate's private key; <see langword="null"/> when the certificate file holds it. The default is <see langword="null"/>.</summary>
    public string? TlsClientKeyFile { get; set; }

    /// <summary>How long a connection (and its TLS handshake) may take before it counts as a transient failure. The default is 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long writing one batch may take before it counts as a transient failure. The default is 30 s.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The output's name in stats, metrics and <c>SelfLog</c>. The default is <c>syslog</c>.</summary>
    public string Name { get; set; } = "syslog";

    /// <summary>Buffering, batching, retry, circuit breaking and the close's bound. Defaults as documented there.</summary>
    public FapilogDeliveryOptions Delivery { get; set; } = new();

    /// <summary>The port used: <see cref="Port"/>, or the transport's usual one.</summary>
    internal int EffectivePort => Port ?? (Transport == FapilogSyslogTransport.Tls ? 6514 : 514);
}
