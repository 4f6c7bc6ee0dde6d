using System;
using Fapilog.Serilog.Delivery;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>Builds the syslog output from its options: the delivery stage around a TCP, TLS or UDP transport, with the RFC 5424 formatter.</summary>
internal static class FapilogSyslogOutput
{
    public static readonly OptionNaming Options = OptionNaming.ForOptions(nameof(FapilogSyslogOptions));
    public static readonly OptionNaming Arguments = OptionNaming.ForArguments("FapilogSyslog");

    /// <summary>Validates the options (named as <paramref name="naming"/> does) and creates the output; its delivery thread starts here.</summary>
    public static DeliveryOutput Create(FapilogSyslogOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);

        // Read once, here: later changes to the options object do not reach a running output.
        var delivery = options.Delivery.Clone();
        var formatter = new SyslogRecordFormatter(options);
        return new DeliveryOutput(options.Name, formatter, minimumLevel, delivery, CreateTransport(options, naming));
    }

    private static IDeliveryTransport CreateTransport(FapilogSyslogOptions options, OptionNaming naming)
    {
        if (options.Transport == FapilogSyslogTransport.Udp)
        {
            return new SyslogUdpTransport(options);
        }

        return new SyslogStreamTransport(options, naming);
    }
}
