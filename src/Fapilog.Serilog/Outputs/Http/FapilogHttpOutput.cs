using System;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Http;

/// <summary>Builds the generic HTTP output from its options: the delivery stage around an <see cref="HttpTransport"/>.</summary>
internal static class FapilogHttpOutput
{
    /// <summary>Validates the options (named as <paramref name="naming"/> does) and creates the output; its delivery thread starts here.</summary>
    public static DeliveryOutput Create(FapilogHttpOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);

        // Read once, here: later changes to the options object do not reach a running output.
        var delivery = options.Delivery.Clone();
        return new DeliveryOutput(options.Name, FormatterFactory.Create(options.Format), minimumLevel, delivery, new HttpTransport(options));
    }
}
