using System;
using System.Collections.Generic;
using System.ComponentModel;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs.Http;
using Fapilog.Serilog.Outputs.Remote;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogHttp(...)</c>: POSTs batches of JSON events to any HTTP endpoint, the first of Fapilog.Serilog's
/// network outputs. The pipeline's writer hands each batch to the output's own bounded buffer; a delivery thread of
/// the output's own sends, retries and circuit-breaks, so a slow or dead backend never holds the writer or the other
/// outputs. Used outside <c>WriteTo.Fapilog(wt => ...)</c> it puts itself behind a pipeline of its own named <c>"http"</c>.
/// </summary>
/// <remarks>
/// <c>appsettings.json</c> binds to the overload that takes an <see cref="IConfiguration"/>: every value arrives as text
/// and is parsed and validated here, at configuration time, naming the argument and the valid values.
/// </remarks>
public static class FapilogHttpLoggerConfigurationExtensions
{
    /// <summary>The <c>appsettings.json</c> form of <c>WriteTo.FapilogHttp</c>, which Serilog.Settings.Configuration calls. In code, use the typed overloads.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="url">The absolute http or https URL to POST to. Required.</param>
    /// <param name="format"><c>Envelope</c>, <c>Clef</c> or <c>RenderedClef</c>. The default is <c>Envelope</c>.</param>
    /// <param name="bodyFormat"><c>Ndjson</c> or <c>JsonArray</c>. The default is <c>Ndjson</c>.</param>
    /// <param name="headers">An object of header names and values added to every request. The default is none.</param>
    /// <param name="requestTimeout">How long one request may take (<c>hh:mm:ss</c>). The default is 00:00:30.</param>
    /// <param name="signingSecret">The secret that signs each request as fapilog's webhook does. The default is none (unsigned).</param>
    /// <param name="name">The output's name in stats, metrics and SelfLog. The default is <c>http</c>.</param>
    /// <param name="delivery">An object of delivery options (<see cref="FapilogDeliveryOptions"/>, camel case): <c>batchSizeLimit</c>, <c>closeTimeout</c>, ... The defaults are documented there.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogHttp(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? url = null,
        string? format = null,
        string? bodyFormat = null,
        IConfigurationSection? headers = null,
        string? requestTimeout = null,
        string? signingSecret = null,
        string? name = null,
        IConfigurationSection? delivery = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogHttp", options);
        var naming = OptionNaming.HttpArguments;
        var parsed = new FapilogHttpOptions { SigningSecret = signingSecret };
        RemoteArguments.Read(parsed, naming, url, headers, requestTimeout, name, delivery);
        var read = new JsonArgumentReader(naming, parsed.ValidValues);
        parsed.Format = read.Enum(format, parsed.Format, nameof(parsed.Format));
        parsed.BodyFormat = read.Enum(bodyFormat, parsed.BodyFormat, nameof(parsed.BodyFormat));
        return AddHttp(sinkConfiguration, parsed, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>POSTs batches of JSON events to <paramref name="url"/>, with the default delivery options.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="url">The absolute http or https URL to POST to.</param>
    /// <param name="format">The JSON format of each event. The default is <see cref="FapilogFormat.Envelope"/>.</param>
    /// <param name="bodyFormat">How a request's events are laid out. The default is <see cref="FapilogHttpBodyFormat.Ndjson"/>.</param>
    /// <param name="headers">Headers added to every request. The default is none.</param>
    /// <param name="signingSecret">Signs each request as fapilog's webhook does. The default is <see langword="null"/> (unsigned).</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogHttp(
        this LoggerSinkConfiguration sinkConfiguration,
        string url,
        FapilogFormat format = FapilogFormat.Envelope,
        FapilogHttpBodyFormat bodyFormat = FapilogHttpBodyFormat.Ndjson,
        IReadOnlyDictionary<string, string>? headers = null,
        string? signingSecret = null,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        var options = new FapilogHttpOptions { Url = url, Format = format, BodyFormat = bodyFormat, SigningSecret = signingSecret };
        foreach (var header in headers ?? new Dictionary<string, string>())
        {
            options.Headers[header.Key] = header.Value;
        }

        return AddHttp(sinkConfiguration, options, restrictedToMinimumLevel, OptionNaming.HttpArguments);
    }

    /// <summary>POSTs batches of JSON events as configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogHttp(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogHttpOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => AddHttp(sinkConfiguration, options, restrictedToMinimumLevel, OptionNaming.HttpOptions);

    private static LoggerConfiguration AddHttp(
        LoggerSinkConfiguration sinkConfiguration, FapilogHttpOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogHttpOutput.Create(options, restrictedToMinimumLevel, naming), "http");
    }
}
