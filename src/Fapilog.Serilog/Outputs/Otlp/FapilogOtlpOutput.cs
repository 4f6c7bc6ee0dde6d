using System;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>Builds the OTLP output from its options: the delivery stage around an <see cref="OtlpTransport"/>.</summary>
internal static class FapilogOtlpOutput
{
    public static readonly OptionNaming OptionsNaming = OptionNaming.ForOptions(nameof(FapilogOtlpOptions));
    public static readonly OptionNaming ArgumentsNaming = OptionNaming.ForArguments("FapilogOtlp");

    /// <summary>Validates the options (named as <paramref name="naming"/> does) and creates the output; its delivery thread starts here.</summary>
    public static DeliveryOutput Create(FapilogOtlpOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);

        // Read once, here: later changes to the options object do not reach a running output.
        var delivery = options.Delivery.Clone();
        IUtf8EventFormatter formatter = options.Protocol == FapilogOtlpProtocol.HttpJson
            ? new OtlpJsonFormatter(options.IncludeMessageTemplate)
            : new OtlpProtobufFormatter(options.IncludeMessageTemplate);
        return new DeliveryOutput(options.Name, formatter, minimumLevel, delivery, new OtlpTransport(options));
    }
}
