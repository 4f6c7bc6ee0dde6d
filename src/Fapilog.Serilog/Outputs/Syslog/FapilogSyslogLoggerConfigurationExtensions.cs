using System;
using System.ComponentModel;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs.Remote;
using Fapilog.Serilog.Outputs.Syslog;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogSyslog(...)</c>: sends events as RFC 5424 syslog messages over TCP (octet counting), TLS or UDP.
/// The pipeline's writer hands each batch to the output's own bounded buffer; a delivery thread of the output's own
/// connects, sends, retries and circuit-breaks, so a slow or dead syslog server never holds the writer or the other
/// outputs. Used outside <c>WriteTo.Fapilog(wt => ...)</c> it puts itself behind a pipeline of its own named <c>"syslog"</c>.
/// </summary>
public static class FapilogSyslogLoggerConfigurationExtensions
{
    /// <summary>The <c>appsettings.json</c> form of <c>WriteTo.FapilogSyslog</c>, which Serilog.Settings.Configuration calls. In code, use the typed overloads.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="host">The server's host name or IP address. Required.</param>
    /// <param name="port">The server's port. The default is 514 for <c>Tcp</c> and <c>Udp</c>, 6514 for <c>Tls</c>.</param>
    /// <param name="transport"><c>Tcp</c>, <c>Tls</c> or <c>Udp</c>. The default is <c>Tcp</c>.</param>
    /// <param name="facility">The facility of events below AUDIT, such as <c>User</c> or <c>Local0</c>. The default is <c>User</c>.</param>
    /// <param name="auditFacility">The facility of AUDIT and SECURITY events. The default is <c>Authpriv</c>.</param>
    /// <param name="appName">The APP-NAME field. The default is the process name.</param>
    /// <param name="hostname">The HOSTNAME field. The default is the machine name.</param>
    /// <param name="msgIdProperty">The event property sent as MSGID. The default is none (<c>-</c>).</param>
    /// <param name="structuredDataId">The SD-ID of the context element. The default is <c>fapilog@32473</c>.</param>
    /// <param name="includeProperties"><c>true</c> or <c>false</c>: send the event's properties in the structured data. The default is <c>true</c>.</param>
    /// <param name="udpDatagramLimit">The largest UDP datagram in bytes, 480 to 65507. The default is 2048.</param>
    /// <param name="tcpReplayBytes">How many bytes of the last batches are written again after a lost TCP or TLS connection; 0 for none. The default is 262144.</param>
    /// <param name="tlsCaFile">TLS: a PEM file of the authorities the server's certificate must chain to. The default is the system's trust store.</param>
    /// <param name="tlsServerName">TLS: the name the server's certificate must be issued to. The default is the host.</param>
    /// <param name="tlsClientCertificateFile">TLS: a PEM file of the client certificate. The default is none.</param>
    /// <param name="tlsClientKeyFile">TLS: the PEM file of the client certificate's key, when not in the certificate file. The default is none.</param>
    /// <param name="connectTimeout">How long connecting may take (<c>hh:mm:ss</c>). The default is 00:00:10.</param>
    /// <param name="writeTimeout">How long writing one batch may take (<c>hh:mm:ss</c>). The default is 00:00:30.</param>
    /// <param name="name">The output's name in stats, metrics and SelfLog. The default is <c>syslog</c>.</param>
    /// <param name="delivery">An object of delivery options (<see cref="FapilogDeliveryOptions"/>, camel case): <c>batchSizeLimit</c>, <c>closeTimeout</c>, ... The defaults are documented there.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogSyslog(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? host = null,
        string? port = null,
        string? transport = null,
        string? facility = null,
        string? auditFacility = null,
        string? appName = null,
        string? hostname = null,
        string? msgIdProperty = null,
        string? structuredDataId = null,
        string? includeProperties = null,
        string? udpDatagramLimit = null,
        string? tcpReplayBytes = null,
        string? tlsCaFile = null,
        string? tlsServerName = null,
        string? tlsClientCertificateFile = null,
        string? tlsClientKeyFile = null,
        string? connectTimeout = null,
        string? writeTimeout = null,
        string? name = null,
        IConfigurationSection? delivery = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogSyslog", options);
        var naming = FapilogSyslogOutput.Arguments;
        var o = new FapilogSyslogOptions
        {
            Host = host ?? string.Empty,
            AppName = appName,
            Hostname = hostname,
            MsgIdProperty = msgIdProperty,
            TlsCaFile = tlsCaFile,
            TlsServerName = tlsServerName,
            TlsClientCertificateFile = tlsClientCertificateFile,
            TlsClientKeyFile = tlsClientKeyFile,
        };
        var read = new JsonArgumentReader(naming, FapilogSyslogOptions.ValidValues);
        o.Port = read.OptionalInt32(port, nameof(o.Port));
        o.Transport = read.Enum(transport, o.Transport, nameof(o.Transport));
        o.Facility = read.Enum(facility, o.Facility, nameof(o.Facility));
        o.AuditFacility = read.Enum(auditFacility, o.AuditFacility, nameof(o.AuditFacility));
        o.StructuredDataId = structuredDataId ?? o.StructuredDataId;
        o.IncludeProperties = read.Boolean(includeProperties, o.IncludeProperties, nameof(o.IncludeProperties));
        o.UdpDatagramLimit = read.Int32(udpDatagramLimit, o.UdpDatagramLimit, nameof(o.UdpDatagramLimit));
        o.TcpReplayBytes = read.Int32(tcpReplayBytes, o.TcpReplayBytes, nameof(o.TcpReplayBytes));
        o.ConnectTimeout = read.TimeSpan(connectTimeout, o.ConnectTimeout, nameof(o.ConnectTimeout));
        o.WriteTimeout = read.TimeSpan(writeTimeout, o.WriteTimeout, nameof(o.WriteTimeout));
        o.Name = name ?? o.Name;
        if (delivery is not null)
        {
            RemoteArguments.ReadDelivery(o.Delivery, naming.Nested(nameof(o.Delivery)), delivery);
        }

        return AddSyslog(sinkConfiguration, o, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>Sends events as RFC 5424 messages to the syslog server at <paramref name="server"/>, with the default delivery options.</summary>
    /// <remarks>
    /// The first parameter is named <c>server</c>, not <c>host</c> as in <c>appsettings.json</c>, so that
    /// Serilog.Settings.Configuration never picks this overload for a JSON entry: the entry's checks (unknown arguments,
    /// values) are the other overload's.
    /// </remarks>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="server">The server's host name or IP address, such as <c>127.0.0.1</c>.</param>
    /// <param name="port">The server's port; <see langword="null"/> for 514 (TCP, UDP) or 6514 (TLS). The default is <see langword="null"/>.</param>
    /// <param name="transport">TCP (octet counting), TLS (validated against the system's trust store) or UDP. The default is <see cref="FapilogSyslogTransport.Tcp"/>.</param>
    /// <param name="facility">The facility of events below AUDIT. The default is <see cref="FapilogSyslogFacility.User"/>.</param>
    /// <param name="appName">The APP-NAME field; <see langword="null"/> for the process name. The default is <see langword="null"/>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogSyslog(
        this LoggerSinkConfiguration sinkConfiguration,
        string server,
        int? port = null,
        FapilogSyslogTransport transport = FapilogSyslogTransport.Tcp,
        FapilogSyslogFacility facility = FapilogSyslogFacility.User,
        string? appName = null,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        var options = new FapilogSyslogOptions { Host = server, Port = port, Transport = transport, Facility = facility, AppName = appName };
        return AddSyslog(sinkConfiguration, options, restrictedToMinimumLevel, FapilogSyslogOutput.Arguments);
    }

    /// <summary>Sends events as RFC 5424 messages as configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogSyslog(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogSyslogOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => AddSyslog(sinkConfiguration, options, restrictedToMinimumLevel, FapilogSyslogOutput.Options);

    private static LoggerConfiguration AddSyslog(
        LoggerSinkConfiguration sinkConfiguration, FapilogSyslogOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogSyslogOutput.Create(options, restrictedToMinimumLevel, naming), "syslog");
    }
}
