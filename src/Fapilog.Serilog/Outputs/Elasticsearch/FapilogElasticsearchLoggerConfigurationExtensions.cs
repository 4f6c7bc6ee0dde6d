using System;
using System.ComponentModel;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs.Elasticsearch;
using Fapilog.Serilog.Outputs.Remote;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogElasticsearch(...)</c>: sends batches of events to the <c>_bulk</c> API of Elasticsearch or
/// OpenSearch, into a data stream (the default, <c>logs-generic-default</c>) or an index, one document per event with
/// <c>@timestamp</c> first. Items the cluster refuses for now (429, 5xx) are sent again alone; items it refuses for good
/// are counted as rejected. Used outside <c>WriteTo.Fapilog(wt => ...)</c> it puts itself behind a pipeline of its own
/// named <c>"elasticsearch"</c>.
/// </summary>
/// <remarks>
/// <c>appsettings.json</c> binds to the overload that takes an <see cref="IConfiguration"/>: every value arrives as text
/// and is parsed and validated here, at configuration time, naming the argument and the valid values.
/// </remarks>
public static class FapilogElasticsearchLoggerConfigurationExtensions
{
    /// <summary>The <c>appsettings.json</c> form of <c>WriteTo.FapilogElasticsearch</c>, which Serilog.Settings.Configuration calls. In code, use the typed overloads.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="url">The cluster's base address, such as <c>http://127.0.0.1:9200</c>. Required.</param>
    /// <param name="dataStream">The data stream events go to. The default is <c>logs-generic-default</c> unless <c>index</c> is set.</param>
    /// <param name="index">The index, or index pattern such as <c>logs-{0:yyyy.MM.dd}</c>, events go to instead. The default is none.</param>
    /// <param name="operation"><c>Create</c> or <c>Index</c>. The default is <c>Create</c>.</param>
    /// <param name="setDocumentIds"><c>true</c> or <c>false</c>: whether each document's <c>_id</c> is the event's message_id. The default is <c>true</c>.</param>
    /// <param name="pipeline">The ingest pipeline. The default is none.</param>
    /// <param name="apiKey">An encoded API key, sent as <c>Authorization: ApiKey …</c>. The default is none.</param>
    /// <param name="compressRequests"><c>true</c> or <c>false</c>: whether request bodies are gzipped. The default is <c>false</c>.</param>
    /// <param name="format"><c>Envelope</c>, <c>Clef</c> or <c>RenderedClef</c>. The default is <c>Envelope</c>.</param>
    /// <param name="headers">An object of header names and values added to every request. The default is none.</param>
    /// <param name="requestTimeout">How long one request may take (<c>hh:mm:ss</c>). The default is 00:00:30.</param>
    /// <param name="name">The output's name in stats, metrics and SelfLog. The default is <c>elasticsearch</c>.</param>
    /// <param name="delivery">An object of delivery options (<see cref="FapilogDeliveryOptions"/>, camel case): <c>batchSizeLimit</c>, <c>closeTimeout</c>, ... The defaults are documented there.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogElasticsearch(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? url = null,
        string? dataStream = null,
        string? index = null,
        string? operation = null,
        string? setDocumentIds = null,
        string? pipeline = null,
        string? apiKey = null,
        string? compressRequests = null,
        string? format = null,
        IConfigurationSection? headers = null,
        string? requestTimeout = null,
        string? name = null,
        IConfigurationSection? delivery = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogElasticsearch", options);
        var naming = FapilogElasticsearchOutput.ArgumentsNaming;
        var parsed = new FapilogElasticsearchOptions { DataStream = dataStream, Index = index, Pipeline = pipeline, ApiKey = apiKey };
        RemoteArguments.Read(parsed, naming, url, headers, requestTimeout, name, delivery);
        var read = new JsonArgumentReader(naming, parsed.ValidValues);
        parsed.Operation = read.Enum(operation, parsed.Operation, nameof(parsed.Operation));
        parsed.SetDocumentIds = read.Boolean(setDocumentIds, parsed.SetDocumentIds, nameof(parsed.SetDocumentIds));
        parsed.CompressRequests = read.Boolean(compressRequests, parsed.CompressRequests, nameof(parsed.CompressRequests));
        parsed.Format = read.Enum(format, parsed.Format, nameof(parsed.Format));
        return Add(sinkConfiguration, parsed, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>Sends batches of events to the cluster at <paramref name="url"/>, with the default delivery options.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="url">The cluster's base address, such as <c>http://127.0.0.1:9200</c>.</param>
    /// <param name="dataStream">The data stream events go to. The default is <see langword="null"/>: <c>logs-generic-default</c> unless <paramref name="index"/> is set.</param>
    /// <param name="index">The index, or index pattern such as <c>logs-{0:yyyy.MM.dd}</c>, events go to instead. The default is none.</param>
    /// <param name="apiKey">An encoded API key, sent as <c>Authorization: ApiKey …</c>. The default is none.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogElasticsearch(
        this LoggerSinkConfiguration sinkConfiguration,
        string url,
        string? dataStream = null,
        string? index = null,
        string? apiKey = null,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        var options = new FapilogElasticsearchOptions { Url = url, DataStream = dataStream, Index = index, ApiKey = apiKey };
        return Add(sinkConfiguration, options, restrictedToMinimumLevel, FapilogElasticsearchOutput.ArgumentsNaming);
    }

    /// <summary>Sends batches of events to Elasticsearch or OpenSearch as configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogElasticsearch(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogElasticsearchOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => Add(sinkConfiguration, options, restrictedToMinimumLevel, FapilogElasticsearchOutput.OptionsNaming);

    private static LoggerConfiguration Add(
        LoggerSinkConfiguration sinkConfiguration, FapilogElasticsearchOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(
            sinkConfiguration, FapilogElasticsearchOutput.Create(options, restrictedToMinimumLevel, naming), "elasticsearch");
    }
}
