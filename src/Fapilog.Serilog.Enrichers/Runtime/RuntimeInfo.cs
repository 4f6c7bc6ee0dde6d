using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>
/// The process-wide facts of fapilog's <c>runtime_info</c>, resolved once: service, environment, version,
/// host, process id and runtime description.
/// </summary>
internal sealed record RuntimeInfo(
    string? Service,
    string Environment,
    string? Version,
    string Host,
    int ProcessId,
    string Runtime)
{
    public const string DefaultEnvironment = "production";

    /// <summary>
    /// Applies the precedence: an argument, else the environment variables in order, else the entry
    /// assembly (service name and informational version) or <c>production</c> (environment).
    /// </summary>
    public static RuntimeInfo Resolve(
        string? service,
        string? environment,
        string? version,
        Func<string, string?> variables,
        Assembly? entryAssembly)
    {
        string? resolvedService = NonBlank(service)
            ?? EnvironmentVariables.First(variables, "FAPILOG_SERVICE", "OTEL_SERVICE_NAME")
            ?? entryAssembly?.GetName().Name;
        string resolvedEnvironment = NonBlank(environment)
            ?? EnvironmentVariables.First(variables, "FAPILOG_ENV", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT")
            ?? DefaultEnvironment;
        string? resolvedVersion = NonBlank(version)
            ?? EnvironmentVariables.First(variables, "FAPILOG_VERSION")
            ?? VersionOf(entryAssembly);

        return new RuntimeInfo(
            resolvedService,
            resolvedEnvironment,
            resolvedVersion,
            System.Environment.MachineName,
            System.Environment.ProcessId,
            RuntimeDescription());
    }

    /// <summary>The properties, with the names the envelope maps to <c>log.diagnostics</c>.</summary>
    public LogEventProperty[] ToProperties()
    {
        var properties = new List<LogEventProperty>(6);
        Add(properties, FapilogProperties.ServiceName, Service);
        Add(properties, FapilogProperties.EnvironmentName, Environment);
        Add(properties, FapilogProperties.ServiceVersion, Version);
        Add(properties, FapilogProperties.MachineName, Host);
        properties.Add(new LogEventProperty(FapilogProperties.ProcessId, new ScalarValue(ProcessId)));
        Add(properties, FapilogProperties.Runtime, Runtime);
        return properties.ToArray();
    }

    /// <summary>E.g. <c>.NET 10.0.12</c>; the framework description already has that shape on .NET 5+.</summary>
    internal static string RuntimeDescription()
    {
        string description = RuntimeInformation.FrameworkDescription;
        return string.IsNullOrWhiteSpace(description) ? ".NET " + System.Environment.Version : description.Trim();
    }

    private static string? VersionOf(Assembly? assembly)
    {
        if (assembly is null)
        {
            return null;
        }

        // The informational version is what the project's <Version> sets (with SourceLink's "+commit" suffix,
        // which we keep: it says exactly which build logged). The assembly version is the fallback.
        return NonBlank(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion)
            ?? assembly.GetName().Version?.ToString();
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Add(List<LogEventProperty> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties.Add(new LogEventProperty(name, new ScalarValue(value)));
        }
    }
}
