using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs.Otlp;
using Fapilog.Serilog.Outputs.Remote;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogOtlp(...)</c>: sends batches of log records to an OpenTelemetry collector (or any OTLP/HTTP
/// receiver) at <c>/v1/logs</c>, in protobuf or JSON. The pipeline's writer encodes each event once into the output's
/// own bounded buffer; a delivery thread of the output's own sends, retries and circuit-breaks, so a slow or dead
/// collector never holds the writer or the other outputs. Used outside <c>WriteTo.Fapilog(wt => ...)</c> it puts itself
/// behind a pipeline of its own named <c>"otlp"</c>.
/// </summary>
/// <remarks>
/// <c>appsettings.json</c> binds to the overload that takes an <see cref="IConfiguration"/>: every value arrives as text
/// and is parsed and validated here, at configuration time, naming the argument and the valid values.
/// </remarks>
public static class FapilogOtlpLoggerConfigurationExtensions
{
    /// <summary>The <c>appsettings.json</c> form of <c>WriteTo.FapilogOtlp</c>, which Serilog.Settings.Configuration calls. In code, use the typed overloads.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="url">The collector's base URL (<c>/v1/logs</c> is added) or a full URL ending in <c>/v1/logs</c>. The default is <c>http://localhost:4318</c>.</param>
    /// <param name="protocol"><c>HttpProtobuf</c> or <c>HttpJson</c>. The default is <c>HttpProtobuf</c>.</param>
    /// <param name="compression"><c>None</c> or <c>Gzip</c>. The default is <c>None</c>.</param>
    /// <param name="headers">An object of header names and values added to every request (for authentication). The default is none.</param>
    /// <param name="resourceAttributes">An object of resource attributes (<c>{ "service.name": "shop" }</c>). The default is none.</param>
    /// <param name="readEnvironment">Whether <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c> and <c>FAPILOG_SERVICE</c> are read. The default is <c>true</c>.</param>
    /// <param name="includeMessageTemplate">Whether records carry <c>message_template.text</c>. The default is <c>true</c>.</param>
    /// <param name="requestTimeout">How long one request may take (<c>hh:mm:ss</c>). The default is 00:00:30.</param>
    /// <param name="name">The output's name in stats, metrics and SelfLog. The default is <c>otlp</c>.</param>
    /// <param name="delivery">An object of delivery options (<see cref="FapilogDeliveryOptions"/>, camel case): <c>batchSizeLimit</c>, <c>closeTimeout</c>, ... The defaults are documented there.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogOtlp(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? url = null,
        string? protocol = null,
        string? compression = null,
        IConfigurationSection? headers = null,
        IConfigurationSection? resourceAttributes = null,
        string? readEnvironment = null,
        string? includeMessageTemplate = null,
        string? requestTimeout = null,
        string? name = null,
        IConfigurationSection? delivery = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogOtlp", options);
        var naming = FapilogOtlpOutput.ArgumentsNaming;
        var parsed = new FapilogOtlpOptions();
        RemoteArguments.Read(parsed, naming, url, headers, requestTimeout, name, delivery);
        var read = new JsonArgumentReader(naming, parsed.ValidValues);
        parsed.Protocol = read.Enum(protocol, parsed.Protocol, nameof(parsed.Protocol));
        parsed.Compression = read.Enum(compression, parsed.Compression, nameof(parsed.Compression));
        parsed.ReadEnvironment = read.Boolean(readEnvironment, parsed.ReadEnvironment, nameof(parsed.ReadEnvironment));
        parsed.IncludeMessageTemplate = read.Boolean(includeMessageTemplate, parsed.IncludeMessageTemplate, nameof(parsed.IncludeMessageTemplate));
        foreach (var attribute in resourceAttributes?.GetChildren() ?? Enumerable.Empty<IConfigurationSection>())
        {
            parsed.ResourceAttributes[attribute.Key] = attribute.Value ?? string.Empty;
        }

        return AddOtlp(sinkConfiguration, parsed, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>Sends batches of log records to an OTLP/HTTP collector, with the default delivery options.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="url">The collector's base URL such as <c>http://127.0.0.1:4318</c> (<c>/v1/logs</c> is added), or a full URL ending in <c>/v1/logs</c>.</param>
    /// <param name="protocol">The body encoding. The default is <see cref="FapilogOtlpProtocol.HttpProtobuf"/>.</param>
    /// <param name="headers">Headers added to every request (for authentication). The default is none.</param>
    /// <param name="resourceAttributes">Resource attributes such as <c>service.name</c>. The default is none.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogOtlp(
        this LoggerSinkConfiguration sinkConfiguration,
        string url,
        FapilogOtlpProtocol protocol = FapilogOtlpProtocol.HttpProtobuf,
        IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? resourceAttributes = null,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        var options = new FapilogOtlpOptions { Url = url, Protocol = protocol };
        foreach (var header in headers ?? new Dictionary<string, string>())
        {
            options.Headers[header.Key] = header.Value;
        }

        foreach (var attribute in resourceAttributes ?? new Dictionary<string, string>())
        {
            options.ResourceAttributes[attribute.Key] = attribute.Value;
        }

        return AddOtlp(sinkConfiguration, options, restrictedToMinimumLevel, FapilogOtlpOutput.ArgumentsNaming);
    }

    /// <summary>Sends batches of log records to an OTLP/HTTP collector as configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogOtlp(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogOtlpOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => AddOtlp(sinkConfiguration, options, restrictedToMinimumLevel, FapilogOtlpOutput.OptionsNaming);

    private static LoggerConfiguration AddOtlp(
        LoggerSinkConfiguration sinkConfiguration, FapilogOtlpOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogOtlpOutput.Create(options, restrictedToMinimumLevel, naming), "otlp");
    }
}
