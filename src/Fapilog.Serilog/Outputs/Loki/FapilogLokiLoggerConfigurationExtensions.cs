using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using Fapilog.Serilog;
using Fapilog.Serilog.Outputs.Loki;
using Fapilog.Serilog.Outputs.Remote;
using Microsoft.Extensions.Configuration;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>WriteTo.FapilogLoki(...)</c>: pushes events to Grafana Loki (<c>POST /loki/api/v1/push</c>, JSON), each entry
/// stamped with the event's own time in nanoseconds, its stream labelled from fixed labels, the level and chosen
/// properties (with a cap on their distinct values). Delivery is the shared remote stage: the output's own buffer and
/// delivery thread, retries and a circuit breaker, so a slow or dead Loki never holds the writer or the other outputs.
/// Used outside <c>WriteTo.Fapilog(wt => ...)</c> it puts itself behind a pipeline of its own named <c>"loki"</c>.
/// </summary>
/// <remarks>
/// <c>appsettings.json</c> binds to the overload that takes an <see cref="IConfiguration"/>: every value arrives as text
/// and is parsed and validated here, at configuration time, naming the argument and the valid values.
/// </remarks>
public static class FapilogLokiLoggerConfigurationExtensions
{
    /// <summary>The <c>appsettings.json</c> form of <c>WriteTo.FapilogLoki</c>, which Serilog.Settings.Configuration calls. In code, use the typed overloads.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="appConfiguration">The application's configuration, passed by Serilog.Settings.Configuration; its entries for our methods are checked for unknown argument names.</param>
    /// <param name="url">Loki's base address (<c>http://loki:3100</c>); pushes go to <c>/loki/api/v1/push</c> under it. Required.</param>
    /// <param name="tenant">The tenant, sent as <c>X-Scope-OrgID</c>. The default is none.</param>
    /// <param name="labels">An object of fixed label names and values (<c>{ "app": "shop" }</c>). The default is none.</param>
    /// <param name="propertiesAsLabels">An array of event property names that become labels. The default is none.</param>
    /// <param name="levelLabel">The name of the level label, or <c>""</c> for none. The default is <c>level</c>.</param>
    /// <param name="maxLabelValuesPerLabel">The most distinct values of one property label. The default is 50.</param>
    /// <param name="maxLabelValueLength">The longest property label value, in characters. The default is 256.</param>
    /// <param name="lineFormat"><c>Envelope</c>, <c>Clef</c> or <c>RenderedClef</c>. The default is <c>Envelope</c>.</param>
    /// <param name="gzip"><c>true</c> to gzip request bodies. The default is <c>false</c>.</param>
    /// <param name="headers">An object of header names and values added to every request. The default is none.</param>
    /// <param name="requestTimeout">How long one request may take (<c>hh:mm:ss</c>). The default is 00:00:30.</param>
    /// <param name="name">The output's name in stats, metrics and SelfLog. The default is <c>loki</c>.</param>
    /// <param name="delivery">An object of delivery options (<see cref="FapilogDeliveryOptions"/>, camel case). The defaults are documented there.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <c>Verbose</c>.</param>
    /// <param name="options">Not read: present so that an <c>"options"</c> object reaches this method and is rejected, instead of binding past it.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">An argument is unknown, missing, or has a value out of range or not in its form; the message names it.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static LoggerConfiguration FapilogLoki(
        this LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string? url = null,
        string? tenant = null,
        IConfigurationSection? labels = null,
        string[]? propertiesAsLabels = null,
        string? levelLabel = null,
        string? maxLabelValuesPerLabel = null,
        string? maxLabelValueLength = null,
        string? lineFormat = null,
        string? gzip = null,
        IConfigurationSection? headers = null,
        string? requestTimeout = null,
        string? name = null,
        IConfigurationSection? delivery = null,
        string? restrictedToMinimumLevel = null,
        IConfigurationSection? options = null)
    {
        JsonEntries.Check(sinkConfiguration, appConfiguration, "FapilogLoki", options);
        var naming = FapilogLokiOutput.Arguments;
        var parsed = new FapilogLokiOptions { Tenant = tenant };
        RemoteArguments.Read(parsed, naming, url, headers, requestTimeout, name, delivery);
        var read = new JsonArgumentReader(naming, parsed.ValidValues);
        foreach (var label in labels?.GetChildren() ?? Enumerable.Empty<IConfigurationSection>())
        {
            parsed.Labels[label.Key] = label.Value ?? string.Empty;
        }

        foreach (string property in propertiesAsLabels ?? Array.Empty<string>())
        {
            parsed.PropertiesAsLabels.Add(property);
        }

        // An empty text turns the level label off; an absent one keeps the default.
        if (levelLabel is not null)
        {
            parsed.LevelLabel = levelLabel.Length == 0 ? null : levelLabel;
        }

        parsed.MaxLabelValuesPerLabel = read.Int32(maxLabelValuesPerLabel, parsed.MaxLabelValuesPerLabel, nameof(parsed.MaxLabelValuesPerLabel));
        parsed.MaxLabelValueLength = read.Int32(maxLabelValueLength, parsed.MaxLabelValueLength, nameof(parsed.MaxLabelValueLength));
        parsed.LineFormat = read.Enum(lineFormat, parsed.LineFormat, nameof(parsed.LineFormat));
        parsed.Gzip = read.Boolean(gzip, parsed.Gzip, nameof(parsed.Gzip));
        return AddLoki(sinkConfiguration, parsed, read.Level(restrictedToMinimumLevel), naming);
    }

    /// <summary>Pushes events to the Loki at <paramref name="url"/>, with the default delivery options.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="url">Loki's base address, such as <c>http://loki:3100</c>.</param>
    /// <param name="labels">Fixed labels of every stream. The default is none.</param>
    /// <param name="propertiesAsLabels">Event properties that become labels (few values each). The default is none.</param>
    /// <param name="tenant">The tenant, sent as <c>X-Scope-OrgID</c>. The default is <see langword="null"/> (none).</param>
    /// <param name="lineFormat">The log line of each entry. The default is <see cref="FapilogFormat.Envelope"/>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogLoki(
        this LoggerSinkConfiguration sinkConfiguration,
        string url,
        IReadOnlyDictionary<string, string>? labels = null,
        IEnumerable<string>? propertiesAsLabels = null,
        string? tenant = null,
        FapilogFormat lineFormat = FapilogFormat.Envelope,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        var options = new FapilogLokiOptions { Url = url, Tenant = tenant, LineFormat = lineFormat };
        foreach (var label in labels ?? new Dictionary<string, string>())
        {
            options.Labels[label.Key] = label.Value;
        }

        foreach (string property in propertiesAsLabels ?? Array.Empty<string>())
        {
            options.PropertiesAsLabels.Add(property);
        }

        return AddLoki(sinkConfiguration, options, restrictedToMinimumLevel, FapilogLokiOutput.Arguments);
    }

    /// <summary>Pushes events to Loki as configured by an options object.</summary>
    /// <param name="sinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. The default is <see cref="LogEventLevel.Verbose"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration FapilogLoki(
        this LoggerSinkConfiguration sinkConfiguration,
        FapilogLokiOptions options,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
        => AddLoki(sinkConfiguration, options, restrictedToMinimumLevel, FapilogLokiOutput.Options);

    private static LoggerConfiguration AddLoki(
        LoggerSinkConfiguration sinkConfiguration, FapilogLokiOptions options, LogEventLevel restrictedToMinimumLevel, OptionNaming naming)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        return FapilogLoggerConfigurationExtensions.AddOutput(sinkConfiguration, FapilogLokiOutput.Create(options, restrictedToMinimumLevel, naming), "loki");
    }
}
