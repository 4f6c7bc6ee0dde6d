using System;
using Fapilog.Serilog.Delivery;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>
/// Builds the PostgreSQL output from its options: the core's delivery stage (buffer, retry, breaker, spool, figures)
/// around a <see cref="PostgreSqlTransport"/>, with the envelope format, through the core's public delivery seam
/// (<see cref="FapilogDeliveryOutput"/>). The stage carries each event as its envelope record; the transport reads the
/// columns back out of it. That keeps the stage's one currency (record bytes, which the spool stores as they are).
/// </summary>
internal static class FapilogPostgreSqlOutput
{
    /// <summary>Options named as properties: <c>FapilogPostgreSqlOptions.Table</c>.</summary>
    public static readonly OptionNaming OptionsNaming = OptionNaming.ForOptions(nameof(FapilogPostgreSqlOptions));

    /// <summary>Options named as arguments: <c>WriteTo.FapilogPostgreSql argument 'table'</c>.</summary>
    public static readonly OptionNaming ArgumentsNaming = OptionNaming.ForArguments("FapilogPostgreSql");

    /// <summary>Validates the options (named as <paramref name="naming"/> does) and creates the output; its delivery thread starts here.</summary>
    public static ILogEventSink Create(FapilogPostgreSqlOptions options, LogEventLevel minimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(naming);

        // Read once, here (the seam copies the delivery options): later changes to the options object do not reach a
        // running output.
        var transport = new PostgreSqlTransport(options);
        try
        {
            return FapilogDeliveryOutput.Create(options.Name, FapilogFormat.Envelope, minimumLevel, options.Delivery, transport);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }
}
