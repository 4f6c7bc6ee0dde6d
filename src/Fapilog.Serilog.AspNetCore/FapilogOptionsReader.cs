using System;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>Reads the <c>Fapilog</c> section of <c>appsettings.json</c>: a preset, then the values it overrides.</summary>
/// <remarks>Read by hand, key by key (no reflection binding, so the package stays trimmable); an unknown value
/// for a known key throws, naming the key, and so does an unknown (misspelled) key, naming the valid ones.</remarks>
internal static partial class FapilogOptionsReader
{
    public static FapilogAspNetCoreOptions Read(IConfigurationSection section)
    {
        var file = section["File:Path"];
        string preset = section["Preset"] ?? "production";
        if (!FapilogPresets.Names.Contains(preset.Trim(), StringComparer.OrdinalIgnoreCase)
            && !preset.Trim().Equals("development", StringComparison.OrdinalIgnoreCase)
            && !preset.Trim().Equals("prod", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("Preset", preset, "one of " + string.Join(", ", FapilogPresets.Names));
        }

        var options = FapilogPresets.Create(preset, file);
        Apply(options, section);
        return options;
    }

    private static void Apply(FapilogAspNetCoreOptions options, IConfigurationSection section)
    {
        Known(section, string.Empty, "Preset", "MinimumLevel", "MinimumLevelOverrides", "Console", "ConsoleJsonFormat", "File",
            "FlushAtEndOfRequest", "RequestFlushTimeout", "StoppingFlushTimeout", "StopTimeout", "PreserveStaticLogger",
            "ReadSerilogSection", "Pipeline", "RequestContext", "RequestLogging");
        Known(section.GetSection("File"), "File:", "Path", "Format");
        Set(section, "MinimumLevel", v => options.MinimumLevel = Enum<LogEventLevel>("MinimumLevel", v));
        foreach (var child in section.GetSection("MinimumLevelOverrides").GetChildren())
        {
            options.MinimumLevelOverrides[child.Key] = Enum<LogEventLevel>("MinimumLevelOverrides:" + child.Key, child.Value!);
        }

        Set(section, "Console", v => options.Console = string.Equals(v, "off", StringComparison.OrdinalIgnoreCase)
            ? null
            : Enum<FapilogConsoleFormat>("Console", v));
        Set(section, "ConsoleJsonFormat", v => options.ConsoleJsonFormat = Enum<FapilogFormat>("ConsoleJsonFormat", v));
        Set(section, "File:Path", v => options.File = string.Equals(v, "off", StringComparison.OrdinalIgnoreCase)
            ? null
            : WithPath(options.File, v));
        Set(section, "File:Format", v => (options.File ?? throw Missing("File:Path")).Format = Enum<FapilogFormat>("File:Format", v));
        Set(section, "FlushAtEndOfRequest", v => options.FlushAtEndOfRequest = Bool("FlushAtEndOfRequest", v));
        Set(section, "RequestFlushTimeout", v => options.RequestFlushTimeout = Time("RequestFlushTimeout", v));
        Set(section, "StoppingFlushTimeout", v => options.StoppingFlushTimeout = Time("StoppingFlushTimeout", v));
        Set(section, "StopTimeout", v => options.StopTimeout = Time("StopTimeout", v));
        Set(section, "PreserveStaticLogger", v => options.PreserveStaticLogger = Bool("PreserveStaticLogger", v));
        Set(section, "ReadSerilogSection", v => options.ReadSerilogSection = Bool("ReadSerilogSection", v));
        ApplyPipeline(options.Pipeline, section.GetSection("Pipeline"));
        ApplyContext(options.RequestContext, section.GetSection("RequestContext"));
        ApplyRequestLogging(options.RequestLogging, section.GetSection("RequestLogging"));
    }

    private static void ApplyPipeline(FapilogPipelineOptions pipeline, IConfigurationSection section)
    {
        Known(section, "Pipeline:", "Name", "QueueLimit", "FullMode", "MaxWait", "ProtectedMaxWait", "BatchSizeLimit",
            "BufferingTimeLimit", "ShutdownTimeout", "ProtectedLevels");
        Set(section, "Name", v => pipeline.Name = v);
        Set(section, "QueueLimit", v => pipeline.QueueLimit = Int("Pipeline:QueueLimit", v));
        Set(section, "FullMode", v => pipeline.FullMode = Enum<QueueFullMode>("Pipeline:FullMode", v));
        Set(section, "MaxWait", v => pipeline.MaxWait = Time("Pipeline:MaxWait", v));
        Set(section, "ProtectedMaxWait", v => pipeline.ProtectedMaxWait = Time("Pipeline:ProtectedMaxWait", v));
        Set(section, "BatchSizeLimit", v => pipeline.BatchSizeLimit = Int("Pipeline:BatchSizeLimit", v));
        Set(section, "BufferingTimeLimit", v => pipeline.BufferingTimeLimit = Time("Pipeline:BufferingTimeLimit", v));
        Set(section, "ShutdownTimeout", v => pipeline.ShutdownTimeout = Time("Pipeline:ShutdownTimeout", v));
        var levels = section.GetSection("ProtectedLevels").GetChildren();
        var list = new System.Collections.Generic.List<FapilogLevel>();
        foreach (var level in levels)
        {
            list.Add(Enum<FapilogLevel>("Pipeline:ProtectedLevels", level.Value!));
        }

        if (section.GetSection("ProtectedLevels").Exists())
        {
            pipeline.ProtectedLevels = list;
        }
    }

    private static void ApplyContext(FapilogRequestContextOptions context, IConfigurationSection section)
    {
        Known(section, "RequestContext:", "RequestIdHeader", "AcceptIncomingRequestId", "MaxIdLength", "EchoRequestId",
            "UserIdClaim", "TenantHeader", "TenantClaim");
        Set(section, "RequestIdHeader", v => context.RequestIdHeader = v);
        Set(section, "AcceptIncomingRequestId", v => context.AcceptIncomingRequestId = Bool("RequestContext:AcceptIncomingRequestId", v));
        Set(section, "MaxIdLength", v => context.MaxIdLength = Int("RequestContext:MaxIdLength", v));
        Set(section, "EchoRequestId", v => context.EchoRequestId = Bool("RequestContext:EchoRequestId", v));
        Set(section, "UserIdClaim", v => context.UserIdClaim = v);
        Set(section, "TenantHeader", v => context.TenantHeader = v.Length == 0 ? null : v);
        Set(section, "TenantClaim", v => context.TenantClaim = v.Length == 0 ? null : v);
    }

    private static FapilogFileOptions WithPath(FapilogFileOptions? file, string path)
    {
        file ??= new FapilogFileOptions();
        file.Path = path;
        return file;
    }

    /// <summary>Throws for a key of <paramref name="section"/> that is none of <paramref name="keys"/> (a typo would otherwise be ignored).</summary>
    private static void Known(IConfigurationSection section, string prefix, params string[] keys)
    {
        foreach (var child in section.GetChildren())
        {
            if (!keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new FormatException($"Fapilog:{prefix}{child.Key} is not a known setting; valid keys here are {string.Join(", ", keys)}.");
            }
        }
    }

    private static void Set(IConfigurationSection section, string key, Action<string> apply)
    {
        var value = section[key];
        if (value is not null)
        {
            apply(value);
        }
    }

    private static T Enum<T>(string key, string value)
        where T : struct, Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)
            ? parsed
            : throw Invalid(key, value, "one of " + string.Join(", ", System.Enum.GetNames<T>()));

    private static bool Bool(string key, string value) => bool.TryParse(value, out var parsed) ? parsed : throw Invalid(key, value, "true or false");

    private static int Int(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Invalid(key, value, "a whole number");

    private static double Double(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Invalid(key, value, "a number, e.g. 0.25");

    private static TimeSpan Time(string key, string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Invalid(key, value, "a time span, e.g. 00:00:05 or 00:00:00.250");

    private static FormatException Invalid(string key, string value, string valid) =>
        new($"Fapilog:{key}: '{value}' is not a valid value; expected {valid}.");

    private static InvalidOperationException Missing(string key) => new($"Fapilog:{key} must be set first.");
}
