using System;
using Fapilog.Serilog.Delivery;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Loki;

/// <summary>Builds the Loki output from its options: the delivery stage around a <see cref="LokiTransport"/>.</summary>
internal static class FapilogLokiOutput
{
    public static readonly OptionNaming Options = OptionNaming.ForOptions(nameof(FapilogLokiOptions));
    public static readonly OptionNaming Arguments = OptionNaming.ForArguments("FapilogLoki");

    /// <summary>Validates the options (named as <paramref name="naming"/> does) and creates the output; its delivery thread starts here.</summary>
    public static DeliveryOutput Create(FapilogLokiOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);

        // Read once, here: later changes to the options object do not reach a running output.
        var delivery = options.Delivery.Clone();
        return new DeliveryOutput(options.Name, new LokiRecordFormatter(options.Name, options), minimumLevel, delivery, new LokiTransport(options));
    }
}
