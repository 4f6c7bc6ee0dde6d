using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using Serilog.Debugging;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// The resource and the instrumentation scope of every request, read once when the output is created, in
/// OpenTelemetry's order: the SDK's own attributes and <c>service.name=unknown_service:&lt;process&gt;</c> first, then
/// fapilog's <c>FAPILOG_SERVICE</c> (the service name the enrichers read first, so that records and their resource
/// agree), then <c>OTEL_RESOURCE_ATTRIBUTES</c>, then <c>OTEL_SERVICE_NAME</c>, then
/// <see cref="FapilogOtlpOptions.ResourceAttributes"/>; a later source replaces an earlier one's value.
/// </summary>
internal static class OtlpResource
{
    public const string ScopeName = "Fapilog.Serilog";

    /// <summary>The package version without its build metadata (<c>0.1.0</c>, not <c>0.1.0+c4a8b8c</c>).</summary>
    public static string Version { get; } = ReadVersion();

    public static IReadOnlyList<KeyValuePair<string, string>> Attributes(FapilogOtlpOptions options, string outputName)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["service.name"] = "unknown_service:" + ProcessName(),
            ["telemetry.sdk.name"] = ScopeName,
            ["telemetry.sdk.language"] = "dotnet",
            ["telemetry.sdk.version"] = Version,
        };

        if (options.ReadEnvironment)
        {
            if (options.GetEnvironmentVariable("FAPILOG_SERVICE") is { Length: > 0 } fapilogService)
            {
                attributes["service.name"] = fapilogService;
            }

            if (options.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") is { Length: > 0 } list)
            {
                if (ParseList(list) is { } parsed)
                {
                    foreach (var (key, value) in parsed)
                    {
                        attributes[key] = value;
                    }
                }
                else
                {
                    // As the specification asks: a malformed list is discarded whole, and said so.
                    SelfLog.WriteLine("Fapilog output '{0}': OTEL_RESOURCE_ATTRIBUTES is not a list of key=value pairs separated by commas; it is ignored", outputName);
                }
            }

            if (options.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } service)
            {
                attributes["service.name"] = service;
            }
        }

        foreach (var attribute in options.ResourceAttributes)
        {
            attributes[attribute.Key] = attribute.Value;
        }

        return new List<KeyValuePair<string, string>>(attributes);
    }

    /// <summary>
    /// <c>key1=value1,key2=value2</c>, values percent-encoded (the W3C Baggage form the specification uses); null when
    /// an entry has no <c>=</c> or an empty key.
    /// </summary>
    internal static List<(string Key, string Value)>? ParseList(string text)
    {
        var result = new List<(string, string)>();
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            string key = entry[..equals].Trim();
            if (key.Length == 0)
            {
                return null;
            }

            result.Add((key, Uri.UnescapeDataString(entry[(equals + 1)..].Trim())));
        }

        return result;
    }

    private static string ProcessName()
    {
        try
        {
            if (Environment.ProcessPath is { } path)
            {
                return Path.GetFileNameWithoutExtension(path);
            }

            using var process = Process.GetCurrentProcess();
            return process.ProcessName;
        }
#pragma warning disable CA1031 // A sandbox may refuse to say; the name is only a default.
        catch (Exception)
#pragma warning restore CA1031
        {
            return "dotnet";
        }
    }

    private static string ReadVersion()
    {
        var assembly = typeof(OtlpResource).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
