using System;
using System.IO;
using Fapilog.Serilog.Outputs.Syslog;

namespace Fapilog.Serilog;

/// <summary>The checks of <see cref="FapilogSyslogOptions"/>, each error naming the option and its valid values.</summary>
public sealed partial class FapilogSyslogOptions
{
    internal void Validate(OptionNaming naming)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw naming.Missing(nameof(Host), ValidValues(nameof(Host)));
        }

        if (Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            throw naming.Invalid(nameof(Host), Host, ValidValues(nameof(Host)));
        }

        Require(Port is null or (>= 1 and <= 65535), nameof(Port), Port, naming);
        Require(Enum.IsDefined(Transport), nameof(Transport), Transport, naming);
        Require(Enum.IsDefined(Facility), nameof(Facility), Facility, naming);
        Require(Enum.IsDefined(AuditFacility), nameof(AuditFacility), AuditFacility, naming);
        RequireHeader(AppName, SyslogFields.AppNameLength, nameof(AppName), naming);
        RequireHeader(Hostname, SyslogFields.HostnameLength, nameof(Hostname), naming);
        if (MsgIdProperty is not null && MsgIdProperty.Length == 0)
        {
            throw naming.Invalid(nameof(MsgIdProperty), MsgIdProperty, ValidValues(nameof(MsgIdProperty)));
        }

        if (!SyslogFields.IsSdId(StructuredDataId))
        {
            throw naming.Invalid(nameof(StructuredDataId), StructuredDataId ?? "null", ValidValues(nameof(StructuredDataId)));
        }

        Require(UdpDatagramLimit is >= 480 and <= 65507, nameof(UdpDatagramLimit), UdpDatagramLimit, naming);
        Require(TcpReplayBytes is >= 0 and <= 16 << 20, nameof(TcpReplayBytes), TcpReplayBytes, naming);
        Require(ConnectTimeout > TimeSpan.Zero && ConnectTimeout <= TimeSpan.FromHours(1), nameof(ConnectTimeout), ConnectTimeout, naming);
        Require(WriteTimeout > TimeSpan.Zero && WriteTimeout <= TimeSpan.FromHours(1), nameof(WriteTimeout), WriteTimeout, naming);
        RequireFile(TlsCaFile, nameof(TlsCaFile), naming);
        RequireFile(TlsClientCertificateFile, nameof(TlsClientCertificateFile), naming);
        RequireFile(TlsClientKeyFile, nameof(TlsClientKeyFile), naming);
        if (TlsClientKeyFile is not null && TlsClientCertificateFile is null)
        {
            throw naming.Invalid(nameof(TlsClientKeyFile), TlsClientKeyFile, "a key file only together with TlsClientCertificateFile");
        }

        if (Transport != FapilogSyslogTransport.Tls && (TlsCaFile ?? TlsServerName ?? TlsClientCertificateFile) is not null)
        {
            throw naming.Invalid(nameof(Transport), Transport.ToString(), "Tls when a Tls... option is set (the TLS options would be ignored otherwise)");
        }

        if (TlsServerName is not null && Uri.CheckHostName(TlsServerName) == UriHostNameType.Unknown)
        {
            throw naming.Invalid(nameof(TlsServerName), TlsServerName, ValidValues(nameof(TlsServerName)));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            throw naming.Missing(nameof(Name), ValidValues(nameof(Name)));
        }

        (Delivery ?? throw naming.Missing(nameof(Delivery), ValidValues(nameof(Delivery)))).Validate(naming.Nested(nameof(Delivery)));
    }

    /// <summary>The values each option accepts, as the messages list them.</summary>
    internal static string ValidValues(string option) => option switch
    {
        nameof(Host) => "a host name or IP address such as 127.0.0.1 or logs.example.com",
        nameof(Port) => "1 to 65535, or null for the transport's usual port (514 for Tcp and Udp, 6514 for Tls)",
        nameof(Transport) => OptionNaming.Names<FapilogSyslogTransport>(),
        nameof(Facility) or nameof(AuditFacility) => OptionNaming.Names<FapilogSyslogFacility>(),
        nameof(AppName) => "null for the process name, or 1 to 48 printable ASCII characters without spaces",
        nameof(Hostname) => "null for the machine name, or 1 to 255 printable ASCII characters without spaces",
        nameof(MsgIdProperty) => "null for none, or the name of an event property",
        nameof(StructuredDataId) => "an SD-ID name@enterprise-number of at most 32 printable ASCII characters without '=', ' ', ']' or '\"', such as " + DefaultStructuredDataId,
        nameof(IncludeProperties) => "true, false",
        nameof(UdpDatagramLimit) => "480 to 65507 (bytes)",
        nameof(TcpReplayBytes) => "0 (off) to 16777216 (bytes)",
        nameof(ConnectTimeout) or nameof(WriteTimeout) => "time spans written [d.]hh:mm:ss[.fff] greater than 00:00:00 and at most 01:00:00",
        nameof(TlsCaFile) or nameof(TlsClientCertificateFile) or nameof(TlsClientKeyFile) => "null, or the path of an existing PEM file",
        nameof(TlsServerName) => "null for Host, or the host name the server's certificate is issued to",
        nameof(Name) => "a non-empty name such as syslog",
        nameof(Delivery) => "a FapilogDeliveryOptions",
        _ => FapilogDeliveryOptions.ValidValues(option),
    };

    private static void Require(bool condition, string option, object? value, OptionNaming naming)
    {
        if (!condition)
        {
            throw naming.OutOfRange(option, OptionNaming.Show(value), ValidValues(option));
        }
    }

    private static void RequireHeader(string? value, int length, string option, OptionNaming naming)
    {
        if (value is not null && (value.Length is 0 || value.Length > length || !SyslogFields.IsPrintUsAscii(value) || value == "-"))
        {
            throw naming.Invalid(option, value, ValidValues(option));
        }
    }

    private static void RequireFile(string? path, string option, OptionNaming naming)
    {
        if (path is not null && !File.Exists(path))
        {
            throw naming.Invalid(option, path, ValidValues(option) + " (no such file)");
        }
    }
}
