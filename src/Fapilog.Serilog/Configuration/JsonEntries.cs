using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Configuration;

namespace Fapilog.Serilog;

/// <summary>
/// Finds the <c>{ "Name": "Fapilog" | "FapilogFile" | "FapilogConsole", "Args": { ... } }</c> entries of a
/// configuration and rejects any argument name that none of the method's parameters has.
/// </summary>
/// <remarks>
/// Serilog.Settings.Configuration passes a configuration method only the arguments whose names match its
/// parameters; every other name is dropped without a trace (a <c>queueLimt</c> leaves the queue at its default).
/// The method never sees the names it was not given, so the text overloads take the application's configuration
/// (Settings.Configuration passes it to an <see cref="IConfiguration"/> parameter) and look at the entries
/// themselves. An entry's position is not passed either, so every entry of the method being applied that stands
/// under a <c>WriteTo</c> or <c>AuditTo</c> section is checked: also one under such a section of a logger that is
/// not being configured now (a second logger's section, say). Sections are looked into only down to a
/// <c>WriteTo</c>/<c>AuditTo</c> four levels deep, so that a large configuration (a vault, environment variables)
/// costs a few passes, not one per key. The valid names are the parameters of the text overloads
/// (the methods whose second parameter is the <see cref="IConfiguration"/>), read by reflection so that they
/// cannot drift from the methods.
/// </remarks>
internal static class JsonEntries
{
    private static readonly ConcurrentDictionary<string, string[]> ArgumentsByMethod = new(StringComparer.Ordinal)
    {
        ["Fapilog"] = TextOverloadArguments(typeof(FapilogLoggerConfigurationExtensions), "Fapilog"),
        ["FapilogFile"] = TextOverloadArguments(typeof(FapilogOutputsLoggerConfigurationExtensions), "FapilogFile"),
        ["FapilogConsole"] = TextOverloadArguments(typeof(FapilogOutputsLoggerConfigurationExtensions), "FapilogConsole"),
        ["FapilogHttp"] = TextOverloadArguments(typeof(FapilogHttpLoggerConfigurationExtensions), "FapilogHttp"),
        ["FapilogSeq"] = TextOverloadArguments(typeof(FapilogSeqLoggerConfigurationExtensions), "FapilogSeq"),
        ["FapilogLoki"] = TextOverloadArguments(typeof(FapilogLokiLoggerConfigurationExtensions), "FapilogLoki"),
        ["FapilogElasticsearch"] = TextOverloadArguments(typeof(FapilogElasticsearchLoggerConfigurationExtensions), "FapilogElasticsearch"),
        ["FapilogOtlp"] = TextOverloadArguments(typeof(FapilogOtlpLoggerConfigurationExtensions), "FapilogOtlp"),
        ["FapilogAuditTrail"] = TextOverloadArguments(typeof(FapilogAuditTrailLoggerConfigurationExtensions), "FapilogAuditTrail"),
        ["FapilogSyslog"] = TextOverloadArguments(typeof(FapilogSyslogLoggerConfigurationExtensions), "FapilogSyslog"),
    };

    /// <summary>
    /// The checks a text overload makes before it reads its arguments: no argument name of our entries is unknown,
    /// and no options object was given (in a configuration file each option is an argument of its own).
    /// </summary>
    public static void Check(LoggerSinkConfiguration sinkConfiguration, IConfiguration appConfiguration, string method, IConfigurationSection? options = null)
    {
        CheckEntries(sinkConfiguration, appConfiguration, method, options);
    }

    /// <summary>
    /// The same checks for a method of another package of ours (the PostgreSQL output's): its text overload's
    /// arguments are read from <paramref name="extensions"/> the first time, since this table cannot name it.
    /// </summary>
    public static void Check(
        LoggerSinkConfiguration sinkConfiguration,
        IConfiguration appConfiguration,
        string method,
        IConfigurationSection? options,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        ArgumentsByMethod.TryAdd(method, TextOverloadArguments(extensions, method));
        CheckEntries(sinkConfiguration, appConfiguration, method, options);
    }

    private static void CheckEntries(LoggerSinkConfiguration sinkConfiguration, IConfiguration appConfiguration, string method, IConfigurationSection? options)
    {
        ArgumentNullException.ThrowIfNull(sinkConfiguration);
        ArgumentNullException.ThrowIfNull(appConfiguration);
        foreach (var section in appConfiguration.GetChildren())
        {
            FindSinkLists(section, method, depth: 1);
        }

        if (options is not null)
        {
            throw OptionNaming.Error(
                $"WriteTo.{method} argument 'options' is not read from configuration; valid arguments are the options one by one: {string.Join(", ", ArgumentsByMethod[method])}.",
                nameof(options));
        }
    }

    private const int MaxDepthToSinkLists = 4;

    /// <summary>Looks for <c>WriteTo</c> and <c>AuditTo</c> lists (a logger's sinks), a few levels deep at most.</summary>
    private static void FindSinkLists(IConfigurationSection section, string method, int depth)
    {
        if (string.Equals(section.Key, "WriteTo", StringComparison.OrdinalIgnoreCase)
            || string.Equals(section.Key, "AuditTo", StringComparison.OrdinalIgnoreCase))
        {
            Validate(section, method);
            return;
        }

        if (depth < MaxDepthToSinkLists)
        {
            foreach (var child in section.GetChildren())
            {
                FindSinkLists(child, method, depth + 1);
            }
        }
    }

    private static void Validate(IConfigurationSection section, string method)
    {
        if (section["Name"] is { } name && string.Equals(name, method, StringComparison.OrdinalIgnoreCase) && ArgumentsByMethod.TryGetValue(method, out var valid))
        {
            foreach (var argument in section.GetSection("Args").GetChildren())
            {
                // "options" is a parameter, so that an options object selects the text overload; that overload
                // then rejects it with its own message.
                if (!valid.Contains(argument.Key, StringComparer.OrdinalIgnoreCase)
                    && !string.Equals(argument.Key, "options", StringComparison.OrdinalIgnoreCase))
                {
                    throw OptionNaming.Error(
                        $"WriteTo.{name} argument '{argument.Key}' is unknown (at {argument.Path}); valid arguments are {string.Join(", ", valid)}.",
                        argument.Key);
                }
            }
        }

        foreach (var child in section.GetChildren())
        {
            Validate(child, method);
        }
    }

    private static string[] TextOverloadArguments([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type extensions, string method) =>
        extensions.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == method && m.GetParameters() is { Length: > 1 } p && p[1].ParameterType == typeof(IConfiguration))
            .SelectMany(m => m.GetParameters().Skip(2))
            // "options" is there only to be rejected; other sections (the HTTP output's "headers") are arguments.
            .Where(p => p.ParameterType != typeof(IConfigurationSection) || p.Name != "options")
            .Select(p => p.Name!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
