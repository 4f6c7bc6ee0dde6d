using System;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Seq;

/// <summary>Builds the Seq output from its options: the delivery stage around a <see cref="SeqTransport"/>, with a CLEF formatter.</summary>
internal static class FapilogSeqOutput
{
    /// <summary>Options named as properties: <c>FapilogSeqOptions.ApiKey</c>.</summary>
    public static readonly OptionNaming OptionsNaming = OptionNaming.ForOptions(nameof(FapilogSeqOptions));

    /// <summary>Options named as arguments: <c>WriteTo.FapilogSeq argument 'apiKey'</c>.</summary>
    public static readonly OptionNaming ArgumentsNaming = OptionNaming.ForArguments("FapilogSeq");

    /// <summary>Validates the options (named as <paramref name="naming"/> does) and creates the output; its delivery thread starts here.</summary>
    public static DeliveryOutput Create(FapilogSeqOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);

        // Read once, here: later changes to the options object do not reach a running output.
        var delivery = options.Delivery.Clone();
        return new DeliveryOutput(options.Name, FormatterFactory.Create(options.Format), minimumLevel, delivery, new SeqTransport(options));
    }
}
