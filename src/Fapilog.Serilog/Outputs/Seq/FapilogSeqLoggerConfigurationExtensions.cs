using System;
using System.ComponentModel;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs.Remote;
using Fapilog.Serilog.Outputs.Seq;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogSeq(...)</c>: sends batches of CLEF events to a Seq server's <c>/ingest/clef</c>, with an API key.
/// The pipeline's writer hands each batch to the output's own bounded buffer; a delivery thread of the output's own
/// sends, retries and circuit-breaks, so a slow or dead Seq never holds the writer or the other outputs. Used outside
/// <c>WriteTo.Fapilog(wt => ...)</c> it puts itself behind a pipeline of its own named <c>"seq"</c>.
/// </summary>
/// <remarks>
/// The argument names follow Serilog.Sinks.Seq where they mean the same (<c>serverUrl</c>, <c>apiKey</c>), so that its
/// users' settings carry over; in <c>appsettings.json</c> <c>url</c> is taken too, as the other network outputs name it.
/// </remarks>
public static class FapilogSeqLoggerConfigurationExtensions
{
    /// <summary>The <c>appsettings.json</c> form of <c>WriteTo.FapilogSeq</c>, which Serilog.Settings.Configuration calls. In code, use the typed overloads.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="serverUrl">The Seq server's base address, such as <c>http://127.0.0.1:5341</c>. Required (or given as <paramref name="url"/>).</param>
    /// <param name="url">Another name for <paramref name="serverUrl"/>, as the other network outputs call it; give one of the two.</param>
    /// <param name="apiKey">The API key, sent as <c>X-Seq-ApiKey</c>. The default is none.</param>
    /// <param name="format"><c>Clef</c> or <c>RenderedClef</c>. The default is <c>Clef</c>.</param>
    /// <param name="compress"><c>true</c> or <c>false</c>: gzip each request (only behind a proxy that decompresses). The default is <c>false</c>.</param>
    /// <param name="eventBodyLimitBytes">The largest event sent, in bytes; <c>null</c> sends every event. The default is 262144 (256 KiB).</param>
    /// <param name="headers">An object of header names and values added to every request. The default is none.</param>
    /// <param name="requestTimeout">How long one request may take (<c>hh:mm:ss</c>). The default is 00:00:30.</param>
    /// <param name="name">The output's name in stats, metrics and SelfLog. The default is <c>seq</c>.</param>
    /// <param name="delivery">An object of delivery options (<see cref="FapilogDeliveryOptions"/>, camel case): <c>batchSizeLimit</c>, <c>closeTimeout</c>, ... The defaults are documented there.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogSeq(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? serverUrl = null,
        string? url = null,
        string? apiKey = null,
        string? format = null,
        string? compress = null,
        string? eventBodyLimitBytes = "262144",
        IConfigurationSection? headers = null,
        string? requestTimeout = null,
        string? name = null,
        IConfigurationSection? delivery = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogSeq", options);
        var naming = FapilogSeqOutput.ArgumentsNaming;
        if (serverUrl is not null && url is not null)
        {
            throw OptionNaming.Error("WriteTo.FapilogSeq arguments 'serverUrl' and 'url' are both given; valid arguments are one of the two (they name the same address).", nameof(url));
        }

        var parsed = new FapilogSeqOptions { ApiKey = apiKey };
        RemoteArguments.Read(parsed, naming, serverUrl ?? url, headers, requestTimeout, name, delivery);
        var read = new JsonArgumentReader(naming, parsed.ValidValues);
        parsed.Format = read.Enum(format, parsed.Format, nameof(parsed.Format));
        parsed.Compress = read.Boolean(compress, parsed.Compress, nameof(parsed.Compress));
        parsed.EventBodyLimitBytes = read.OptionalInt32(eventBodyLimitBytes, nameof(parsed.EventBodyLimitBytes));
        return AddSeq(sinkConfiguration, parsed, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>Sends batches of CLEF events to the Seq server at <paramref name="serverUrl"/>, with the default delivery options.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="serverUrl">The Seq server's base address, such as <c>http://127.0.0.1:5341</c>; the output POSTs to <c>{serverUrl}/ingest/clef</c>.</param>
    /// <param name="apiKey">The API key, sent as <c>X-Seq-ApiKey</c>. The default is <see langword="null"/> (none).</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <param name="format"><see cref="FapilogFormat.Clef"/> or <see cref="FapilogFormat.RenderedClef"/>. The default is <see cref="FapilogFormat.Clef"/>.</param>
    /// <param name="compress">Gzips each request; only behind a proxy that decompresses, since Seq does not. The default is <see langword="false"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogSeq(
        this LoggerSinkConfiguration sinkConfiguration,
        string serverUrl,
        string? apiKey = null,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose,
        FapilogFormat format = FapilogFormat.Clef,
        bool compress = false)
    {
        var options = new FapilogSeqOptions { Url = serverUrl, ApiKey = apiKey, Format = format, Compress = compress };
        return AddSeq(sinkConfiguration, options, restrictedToMinimumLevel, FapilogSeqOutput.ArgumentsNaming);
    }

    /// <summary>Sends batches of CLEF events to Seq as configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogSeq(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogSeqOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => AddSeq(sinkConfiguration, options, restrictedToMinimumLevel, FapilogSeqOutput.OptionsNaming);

    private static LoggerConfiguration AddSeq(
        LoggerSinkConfiguration sinkConfiguration, FapilogSeqOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogSeqOutput.Create(options, restrictedToMinimumLevel, naming), "seq");
    }
}
