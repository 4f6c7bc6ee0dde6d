using System;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Elasticsearch;

/// <summary>Builds the Elasticsearch output from its options: the delivery stage around an <see cref="ElasticsearchTransport"/>.</summary>
internal static class FapilogElasticsearchOutput
{
    public static readonly OptionNaming OptionsNaming = OptionNaming.ForOptions(nameof(FapilogElasticsearchOptions));
    public static readonly OptionNaming ArgumentsNaming = OptionNaming.ForArguments("FapilogElasticsearch");

    /// <summary>Validates the options (named as <paramref name="naming"/> does) and creates the output; its delivery thread starts here.</summary>
    public static DeliveryOutput Create(FapilogElasticsearchOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);

        // Read once, here: later changes to the options object do not reach a running output.
        var delivery = options.Delivery.Clone();
        var records = new BulkRecordFormatter(FormatterFactory.Create(options.Format), options.Target, options.Operation, options.SetDocumentIds);
        return new DeliveryOutput(options.Name, records, minimumLevel, delivery, new ElasticsearchTransport(options));
    }
}
